#pragma once
// Documents over HTTP (documents_api.cpp; docs/api.md "Documents"):
//   GET /api/v1/campaigns/{id}/bulletin?lang=zh-Hans|zh-Hant|en&format=txt|pdf
//   GET /api/v1/inspections/{id}/notice.pdf?school=ID
//   GET /api/v1/verify/notices/{code}   (public: what the notice covers, and its integrity check)

#include "app/services.hpp"

namespace anxiao::http {

class Api;
void RegisterDocumentRoutes(Api& api, app::Services& s);

}  // namespace anxiao::http
