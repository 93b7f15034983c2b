#include "app/demo_evidence.hpp"

namespace anxiao::app {

Result<std::string> DemoPhotos::Take(const domain::Actor& by, std::uint64_t seed, const std::string& caption,
                                     const std::string& stamp) {
  if (s_.images == nullptr || s_.evidence_files == nullptr)
    return Fail(Unavailable("the demo's photos need the image codec and the evidence directory"));
  // Small pictures (a phone would send larger ones) keep the demo load quick.
  TRY_ASSIGN(auto jpeg, s_.images->RenderDemoPhoto(domain::DemoPhotoSpec{seed, caption, stamp, 400, 300}));
  TRY_ASSIGN(auto stored, evidence_.UploadIn(tx_, by, jpeg));
  ++taken_;
  return stored.record.sha256;
}

Status DemoPhotos::Finish() {
  if (taken_ == 0 || s_.evidence_files == nullptr) return {};
  return s_.evidence_files->Sync();
}

}  // namespace anxiao::app
