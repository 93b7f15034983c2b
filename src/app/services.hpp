#pragma once
// What every use case needs, wired once in src/main.

#include "base/password.hpp"
#include "base/random.hpp"
#include "domain/ports.hpp"

namespace anxiao::app {

struct Services {
  domain::Store& store;
  domain::Clock& clock;
  IdSource& ids;
  PasswordCost password_cost = PasswordCost::kInteractive;
};

// Loads the scope path of `user` and builds its Actor. kNotFound if the scope org vanished.
Result<domain::Actor> ActorFor(domain::ReadView& v, const domain::User& user);

}  // namespace anxiao::app
