#include "app/hazards.hpp"

#include <functional>

#include "app/evidence.hpp"
#include "app/settings.hpp"
#include "base/strings.hpp"

namespace anxiao::app {
namespace {

using domain::Actor;
using domain::Hazard;
using domain::HazardAction;

constexpr std::size_t kMaxEvidence = 20;

Status ValidateEvidenceList(const std::vector<std::string>& evidence) {
  if (evidence.size() > kMaxEvidence)
    return Fail(
        InvalidInput("too_much_evidence", "at most " + std::to_string(kMaxEvidence) + " photos per step", "evidence"));
  for (const auto& e : evidence) TRY_STATUS(domain::ValidateEvidenceRef(e));
  return {};
}

Json EvidenceJson(const std::vector<std::string>& evidence) {
  Json a = Json::array();
  for (const auto& e : evidence) a.push_back(e);
  return a;
}

// Loads the hazard and checks scope, authority, version and the transition, in that order; then
// appends the event that `build` makes from the current hazard (its payload gets the new
// version) and returns the hazard as projected.
Result<Hazard> Act(domain::WriteTx& tx, const Actor& a, const std::string& id, std::int64_t expected,
                   HazardAction action, const std::function<Result<domain::Event>(const Hazard&)>& build) {
  TRY_ASSIGN(auto found, tx.FindHazard(id));
  if (!found || !domain::IsUnder(found->path, a.scope_path)) return Fail(NotFound("hazard " + id));
  const Hazard& h = *found;
  TRY_STATUS(domain::Authorise(h, a, action));
  if (h.version != expected) return Fail(VersionMismatch(h.version, expected));
  TRY_STATUS(domain::Transition(h.state, action));
  TRY_ASSIGN(auto event, build(h));
  event.subject = h.id;
  event.payload["version"] = h.version + 1;
  TRY_STATUS(tx.Append(a.user_id, event));
  TRY_ASSIGN(auto after, tx.FindHazard(id));
  if (!after) return Fail(Internal("hazard " + id + " vanished after " + event.kind));
  return *after;
}

Result<domain::HazardExtension> FindExtension(domain::ReadView& v, const std::string& hazard_id,
                                              const std::string& eid) {
  TRY_ASSIGN(auto list, v.HazardExtensions(hazard_id));
  for (auto& e : list)
    if (e.id == eid) return e;
  return Fail(NotFound("extension " + eid));
}

}  // namespace

Result<Hazard> Hazards::RegisterIn(domain::WriteTx& tx, const Actor& a, const NewHazard& in) {
  return RegisterImpl(tx, a, in, nullptr);
}

Result<Hazard> Hazards::RegisterForInspectionIn(domain::WriteTx& tx, const Actor& a, const NewHazard& in,
                                                const InspectionLink& link) {
  return RegisterImpl(tx, a, in, &link);
}

Result<Hazard> Hazards::RegisterImpl(domain::WriteTx& tx, const Actor& a, const NewHazard& in,
                                     const InspectionLink* link) {
  TRY_STATUS(domain::ValidateText(in.description, "description", 500, true));
  TRY_STATUS(domain::ValidateText(in.location, "location", 100, false));
  TRY_STATUS(ValidateEvidenceList(in.evidence));
  const Timestamp now = s_.clock.Now();
  const Date today = ChinaDateOf(now);
  const Date found = in.found_at.value_or(today);
  if (found > today)
    return Fail(InvalidInput("invalid_found_at", "the found date cannot be in the future", "found_at"));
  if (DaysFromCivil(today) - DaysFromCivil(found) > 3 * 366)
    return Fail(InvalidInput("invalid_found_at", "the found date is more than three years ago", "found_at"));

  TRY_ASSIGN(auto school, tx.FindSchool(in.school_id));
  // A finding of an inspection was authorised by the inspection use case: the inspectors of a
  // cross-inspection come from another county, outside the school's subtree.
  if (!school || (!link && !domain::IsUnder(school->path, a.scope_path)))
    return Fail(NotFound("school " + in.school_id));
  if (!link) TRY_STATUS(domain::AuthoriseRegister(a, school->path));
  TRY_ASSIGN(auto county, tx.FindOrg(school->parent_id));
  if (!county) return Fail(Corrupt("school " + school->id + " has no parent org"));
  TRY_STATUS(CheckEvidenceRefs(tx, a, in.evidence));  // before-photos must have been uploaded

  // The supervising level: the county for a school's own findings, else the inspecting level.
  domain::Org supervising = *county;
  if (in.source == domain::HazardSource::kSelf) {
    if (!in.supervising_org_id.empty() && in.supervising_org_id != county->id)
      return Fail(InvalidInput("invalid_supervising_org", "a school's own findings are supervised by its county",
                               "supervising_org_id"));
  } else {
    std::string sup_id = in.supervising_org_id;
    if (sup_id.empty() && !link) {
      if (a.role == domain::Role::kSchoolOfficer || a.role == domain::Role::kPrincipal)
        return Fail(InvalidInput("missing_field", "supervising_org_id is required for findings of an inspection",
                                 "supervising_org_id"));
      sup_id = a.scope_org_id;
    }
    TRY_ASSIGN(auto sup, tx.FindOrg(sup_id));
    if (!sup || sup->kind == domain::OrgKind::kSchool || !domain::IsUnder(school->path, sup->path))
      return Fail(InvalidInput("invalid_supervising_org", "the supervising org must be a level above the school",
                               "supervising_org_id"));
    supervising = *sup;
  }

  const int year = ChinaDateOf(now).year;
  TRY_ASSIGN(auto seq, tx.NextHazardSeq(county->id, year));
  Hazard h;
  h.id = s_.ids.Next("hz");
  h.number = domain::HazardNumber(county->code, year, seq);
  TRY_ASSIGN(auto settings, LoadHazardSettings(tx, settings_));
  h.deadline = domain::DefaultDeadline(in.risk_level, found, settings);
  Json payload{{"number", h.number},
               {"seq", seq},
               {"year", year},
               {"school_id", school->id},
               {"path", school->path},
               {"county_id", county->id},
               {"supervising_org_id", supervising.id},
               {"supervising_path", supervising.path},
               {"source", domain::Name(in.source)},
               {"category", domain::Name(in.category)},
               {"description", std::string(TrimAscii(in.description))},
               {"location", std::string(TrimAscii(in.location))},
               {"risk_level", domain::Name(in.risk_level)},
               {"found_at", FormatDate(found)},
               {"deadline", FormatDate(h.deadline)},
               {"evidence", EvidenceJson(in.evidence)}};
  if (link) {
    payload["campaign_id"] = link->campaign_id;
    payload["inspection_id"] = link->inspection_id;
    payload["item_code"] = link->item_code;
  }
  TRY_STATUS(tx.Append(a.user_id, domain::Event{"hazard.registered", h.id, payload}));

  if (in.risk_level == domain::RiskLevel::kRed) {
    // 挂牌督办: a major hazard is reported to the city at once.
    for (const auto& oid : Split(school->path, '/')) {
      if (oid.empty()) continue;
      TRY_ASSIGN(auto o, tx.FindOrg(oid));
      if (o && o->kind == domain::OrgKind::kCity) {
        TRY_STATUS(tx.Append(a.user_id, domain::Event{"notice.sent", h.id,
                                                      Json{{"notice_id", s_.ids.Next("ntc")},
                                                           {"to_org_id", o->id},
                                                           {"kind", "red_hazard_supervision"}}}));
        break;
      }
    }
  }
  TRY_ASSIGN(auto stored, tx.FindHazard(h.id));
  if (!stored) return Fail(Internal("hazard " + h.id + " vanished after registration"));
  return *stored;
}

Result<Hazard> Hazards::PlanIn(domain::WriteTx& tx, const Actor& a, const std::string& id, std::int64_t v,
                               const domain::HazardPlan& plan) {
  return Act(tx, a, id, v, HazardAction::kPlan, [&](const Hazard& h) -> Result<domain::Event> {
    TRY_STATUS(domain::ValidatePlan(h, plan));
    Date deadline = plan.deadline.value_or(h.deadline);
    return domain::Event{"hazard.planned", h.id,
                         Json{{"measures", std::string(TrimAscii(plan.measures))},
                              {"responsible_person", std::string(TrimAscii(plan.responsible_person))},
                              {"funds", std::string(TrimAscii(plan.funds))},
                              {"contingency_plan", std::string(TrimAscii(plan.contingency_plan))},
                              {"interim_measures", std::string(TrimAscii(plan.interim_measures))},
                              {"closed_for_use", plan.closed_for_use},
                              {"deadline", FormatDate(deadline)}}};
  });
}

Result<Hazard> Hazards::StartIn(domain::WriteTx& tx, const Actor& a, const std::string& id, std::int64_t v) {
  return Act(tx, a, id, v, HazardAction::kStart, [&](const Hazard& h) -> Result<domain::Event> {
    return domain::Event{"hazard.started", h.id, Json::object()};
  });
}

Result<Hazard> Hazards::ProgressIn(domain::WriteTx& tx, const Actor& a, const std::string& id, std::int64_t v,
                                   const std::string& note, const std::vector<std::string>& evidence) {
  TRY_STATUS(domain::ValidateText(note, "note", 1000, true));
  TRY_STATUS(ValidateEvidenceList(evidence));
  return Act(tx, a, id, v, HazardAction::kProgress, [&](const Hazard& h) -> Result<domain::Event> {
    TRY_STATUS(CheckEvidenceRefs(tx, a, evidence));
    return domain::Event{"hazard.progressed", h.id,
                         Json{{"note", std::string(TrimAscii(note))}, {"evidence", EvidenceJson(evidence)}}};
  });
}

Result<Hazard> Hazards::SubmitIn(domain::WriteTx& tx, const Actor& a, const std::string& id, std::int64_t v,
                                 const std::string& note, const std::vector<std::string>& evidence) {
  TRY_STATUS(domain::ValidateText(note, "note", 1000, false));
  TRY_STATUS(ValidateEvidenceList(evidence));
  if (evidence.empty())
    return Fail(InvalidInput("after_evidence_required", "completion needs at least one after-photo", "evidence"));
  return Act(tx, a, id, v, HazardAction::kSubmit, [&](const Hazard& h) -> Result<domain::Event> {
    TRY_STATUS(CheckEvidenceRefs(tx, a, evidence));  // after-photos must have been uploaded
    return domain::Event{"hazard.submitted", h.id,
                         Json{{"note", std::string(TrimAscii(note))}, {"evidence", EvidenceJson(evidence)}}};
  });
}

Result<Hazard> Hazards::ReviewIn(domain::WriteTx& tx, const Actor& a, const std::string& id, std::int64_t v,
                                 ReviewDecision decision, const std::string& reason) {
  TRY_STATUS(domain::ValidateText(reason, "reason", 500, decision == ReviewDecision::kReject));
  const HazardAction action = decision == ReviewDecision::kClose ? HazardAction::kClose : HazardAction::kReject;
  return Act(tx, a, id, v, action, [&](const Hazard& h) -> Result<domain::Event> {
    if (decision == ReviewDecision::kClose) {
      TRY_ASSIGN(auto evidence, tx.HazardEvidenceFor(h.id));
      std::int64_t after = 0;
      for (const auto& e : evidence) after += e.kind == domain::EvidenceKind::kAfter;
      TRY_STATUS(domain::CheckCanClose(after));
    }
    return domain::Event{"hazard.reviewed", h.id,
                         Json{{"decision", decision == ReviewDecision::kClose ? "close" : "reject"},
                              {"reason", std::string(TrimAscii(reason))}}};
  });
}

Result<Hazard> Hazards::VoidIn(domain::WriteTx& tx, const Actor& a, const std::string& id, std::int64_t v,
                               const std::string& reason) {
  TRY_STATUS(domain::ValidateText(reason, "reason", 500, true));
  return Act(tx, a, id, v, HazardAction::kVoid, [&](const Hazard& h) -> Result<domain::Event> {
    return domain::Event{"hazard.voided", h.id, Json{{"reason", std::string(TrimAscii(reason))}}};
  });
}

Result<ExtensionResult> Hazards::RequestExtensionIn(domain::WriteTx& tx, const Actor& a, const std::string& id,
                                                    std::int64_t v, Date new_deadline, const std::string& reason) {
  TRY_STATUS(domain::ValidateText(reason, "reason", 500, true));
  std::string eid;
  TRY_ASSIGN(auto h,
             Act(tx, a, id, v, HazardAction::kRequestExtension, [&](const Hazard& cur) -> Result<domain::Event> {
               TRY_ASSIGN(auto existing, tx.HazardExtensions(cur.id));
               bool pending = false;
               for (const auto& e : existing) pending = pending || e.state == domain::ExtensionState::kPending;
               TRY_STATUS(domain::ValidateExtensionRequest(cur, new_deadline, reason, pending));
               eid = s_.ids.Next("ext");
               return domain::Event{"hazard.extension_requested", cur.id,
                                    Json{{"extension_id", eid},
                                         {"new_deadline", FormatDate(new_deadline)},
                                         {"reason", std::string(TrimAscii(reason))}}};
             }));
  TRY_ASSIGN(auto ext, FindExtension(tx, id, eid));
  return ExtensionResult{std::move(h), std::move(ext)};
}

Result<ExtensionResult> Hazards::DecideExtensionIn(domain::WriteTx& tx, const Actor& a, const std::string& id,
                                                   const std::string& extension_id, std::int64_t v, bool approve,
                                                   const std::string& reason) {
  TRY_STATUS(domain::ValidateText(reason, "reason", 500, !approve));
  TRY_ASSIGN(auto h, Act(tx, a, id, v, HazardAction::kDecideExtension, [&](const Hazard& cur) -> Result<domain::Event> {
               TRY_ASSIGN(auto ext, FindExtension(tx, cur.id, extension_id));
               TRY_STATUS(domain::ValidateExtensionDecision(ext, a));
               return domain::Event{"hazard.extension_decided", cur.id,
                                    Json{{"extension_id", extension_id},
                                         {"decision", approve ? "approve" : "deny"},
                                         {"reason", std::string(TrimAscii(reason))}}};
             }));
  TRY_ASSIGN(auto ext, FindExtension(tx, id, extension_id));
  return ExtensionResult{std::move(h), std::move(ext)};
}

Result<Hazard> Hazards::Register(const Actor& a, const NewHazard& in) {
  return domain::WriteValue<Hazard>(s_.store, [&](domain::WriteTx& tx) { return RegisterIn(tx, a, in); });
}
Result<Hazard> Hazards::Plan(const Actor& a, const std::string& id, std::int64_t v, const domain::HazardPlan& plan) {
  return domain::WriteValue<Hazard>(s_.store, [&](domain::WriteTx& tx) { return PlanIn(tx, a, id, v, plan); });
}
Result<Hazard> Hazards::Start(const Actor& a, const std::string& id, std::int64_t v) {
  return domain::WriteValue<Hazard>(s_.store, [&](domain::WriteTx& tx) { return StartIn(tx, a, id, v); });
}
Result<Hazard> Hazards::Progress(const Actor& a, const std::string& id, std::int64_t v, const std::string& note,
                                 const std::vector<std::string>& evidence) {
  return domain::WriteValue<Hazard>(s_.store,
                                    [&](domain::WriteTx& tx) { return ProgressIn(tx, a, id, v, note, evidence); });
}
Result<Hazard> Hazards::Submit(const Actor& a, const std::string& id, std::int64_t v, const std::string& note,
                               const std::vector<std::string>& evidence) {
  return domain::WriteValue<Hazard>(s_.store,
                                    [&](domain::WriteTx& tx) { return SubmitIn(tx, a, id, v, note, evidence); });
}
Result<Hazard> Hazards::Review(const Actor& a, const std::string& id, std::int64_t v, ReviewDecision d,
                               const std::string& reason) {
  return domain::WriteValue<Hazard>(s_.store, [&](domain::WriteTx& tx) { return ReviewIn(tx, a, id, v, d, reason); });
}
Result<Hazard> Hazards::Void(const Actor& a, const std::string& id, std::int64_t v, const std::string& reason) {
  return domain::WriteValue<Hazard>(s_.store, [&](domain::WriteTx& tx) { return VoidIn(tx, a, id, v, reason); });
}
Result<ExtensionResult> Hazards::RequestExtension(const Actor& a, const std::string& id, std::int64_t v,
                                                  Date new_deadline, const std::string& reason) {
  return domain::WriteValue<ExtensionResult>(
      s_.store, [&](domain::WriteTx& tx) { return RequestExtensionIn(tx, a, id, v, new_deadline, reason); });
}
Result<ExtensionResult> Hazards::DecideExtension(const Actor& a, const std::string& id, const std::string& eid,
                                                 std::int64_t v, bool approve, const std::string& reason) {
  return domain::WriteValue<ExtensionResult>(
      s_.store, [&](domain::WriteTx& tx) { return DecideExtensionIn(tx, a, id, eid, v, approve, reason); });
}

Result<HazardDetail> Hazards::Get(const Actor& a, const std::string& id) {
  return domain::ReadValue<HazardDetail>(s_.store, [&](domain::ReadView& v) -> Result<HazardDetail> {
    TRY_ASSIGN(auto h, v.FindHazard(id));
    if (!h || !domain::IsUnder(h->path, a.scope_path)) return Fail(NotFound("hazard " + id));
    HazardDetail d;
    d.hazard = std::move(*h);
    TRY_ASSIGN(d.history, v.JournalFor(id));
    TRY_ASSIGN(d.evidence, v.HazardEvidenceFor(id));
    TRY_ASSIGN(d.extensions, v.HazardExtensions(id));
    return d;
  });
}

Result<Hazard> Hazards::Find(const Actor& a, const std::string& id) {
  return domain::ReadValue<Hazard>(s_.store, [&](domain::ReadView& v) -> Result<Hazard> {
    TRY_ASSIGN(auto h, v.FindHazard(id));
    if (!h || !domain::IsUnder(h->path, a.scope_path)) return Fail(NotFound("hazard " + id));
    return *h;
  });
}

Result<domain::PageOf<Hazard>> Hazards::Search(const Actor& a, const HazardQuery& q) {
  return domain::ReadValue<domain::PageOf<Hazard>>(s_.store,
                                                   [&](domain::ReadView& v) -> Result<domain::PageOf<Hazard>> {
                                                     domain::HazardFilter f;
                                                     f.under_path = a.scope_path;
                                                     if (!q.org_id.empty()) {
                                                       TRY_ASSIGN(auto o, v.FindOrg(q.org_id));
                                                       if (!o || !domain::IsUnder(o->path, a.scope_path))
                                                         return Fail(NotFound("org " + q.org_id));
                                                       f.under_path = o->path;
                                                     }
                                                     f.school_id = q.school_id;
                                                     f.campaign_id = q.campaign_id;
                                                     f.state = q.state;
                                                     f.risk_level = q.risk_level;
                                                     f.category = q.category;
                                                     f.source = q.source;
                                                     f.overdue = q.overdue;
                                                     f.due_within_days = q.due_within_days;
                                                     f.today = ChinaDateOf(s_.clock.Now());
                                                     f.q = std::string(TrimAscii(q.q));
                                                     f.sort = q.sort;
                                                     f.page = q.page;
                                                     return v.SearchHazards(f);
                                                   });
}

}  // namespace anxiao::app
