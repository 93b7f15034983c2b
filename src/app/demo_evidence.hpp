#pragma once
// Photos for the demo hazards: pictures rendered by the image codec (a scene with a caption naming
// the finding and the stage, and a date stamp), deterministic for their seed, and uploaded through
// the same use case as any photo (app::Evidence::UploadIn), by the person who took them. The files
// are written without fsync; Finish() makes them durable before the demo's transaction commits.

#include <cstdint>
#include <string>

#include "app/evidence.hpp"

namespace anxiao::app {

class DemoPhotos {
 public:
  DemoPhotos(Services& s, domain::WriteTx& tx) : s_(s), tx_(tx), evidence_(s) {}

  // Renders and uploads one photo; returns its SHA-256 for the hazard's evidence list.
  Result<std::string> Take(const domain::Actor& by, std::uint64_t seed, const std::string& caption,
                           const std::string& stamp);
  // Syncs the evidence files to disk (call before the transaction commits).
  Status Finish();
  std::int64_t taken() const { return taken_; }

 private:
  Services& s_;
  domain::WriteTx& tx_;
  Evidence evidence_;
  std::int64_t taken_ = 0;
};

}  // namespace anxiao::app
