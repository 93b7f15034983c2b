add_library(anxiao_warnings INTERFACE)
target_compile_options(anxiao_warnings INTERFACE -Wall -Wextra -Werror -Wno-missing-field-initializers)
