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
  // Evidence photos (app/evidence.hpp): the file store and the image codec. Null where a program
  // does not handle photos; the evidence use cases then answer kUnavailable.
  domain::EvidenceFiles* evidence_files = nullptr;
  domain::ImageCodec* images = nullptr;
};

// Loads the scope path of `user` and builds its Actor. kNotFound if the scope org vanished.
Result<domain::Actor> ActorFor(domain::ReadView& v, const domain::User& user);

}  // namespace anxiao::app
