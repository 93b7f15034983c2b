#include "app/inspections.hpp"

#include <functional>
#include <set>

#include "app/campaigns.hpp"
#include "base/strings.hpp"
#include "domain/campaign.hpp"
#include "domain/payload_fields.hpp"

namespace anxiao::app {
namespace {

using domain::Actor;
using domain::IdsJson;
using domain::Inspection;
using domain::InspectionAction;

Result<Inspection> LoadVisible(domain::ReadView& v, const Actor& a, const std::string& id) {
  TRY_ASSIGN(auto i, v.FindInspection(id));
  if (!i || !domain::VisibleTo(*i, a)) return Fail(NotFound("inspection " + id));
  return *i;
}

// Loads, checks visibility, authority, version and the transition, appends `build`'s event with
// the next version, and returns the inspection as projected.
Result<Inspection> Act(domain::WriteTx& tx, const Actor& a, const std::string& id, std::int64_t expected,
                       InspectionAction action, const std::function<Result<domain::Event>(const Inspection&)>& build) {
  TRY_ASSIGN(auto i, LoadVisible(tx, a, id));
  TRY_STATUS(domain::AuthoriseInspection(i, a));
  if (i.version != expected) return Fail(VersionMismatch(i.version, expected));
  TRY_STATUS(domain::Transition(i.state, action));
  TRY_ASSIGN(auto e, build(i));
  e.subject = id;
  e.payload["version"] = i.version + 1;
  TRY_STATUS(tx.Append(a.user_id, e));
  TRY_ASSIGN(auto after, tx.FindInspection(id));
  return *after;
}

// The deepest org whose path is a prefix of both paths ("/p/c/a/" and "/p/c/b/s/" → "c").
std::string LowestCommonOrg(const std::string& x, const std::string& y) {
  auto xs = Split(x, '/'), ys = Split(y, '/');
  std::string last;
  for (std::size_t k = 0; k < xs.size() && k < ys.size(); ++k) {
    if (xs[k] != ys[k]) break;
    if (!xs[k].empty()) last = xs[k];
  }
  return last;
}

domain::HazardSource SourceOf(domain::TeamKind k) {
  switch (k) {
    case domain::TeamKind::kCitySupervision:
    case domain::TeamKind::kCityDirect: return domain::HazardSource::kCitySupervision;
    case domain::TeamKind::kCountyCensus: return domain::HazardSource::kCountyCensus;
    case domain::TeamKind::kCrossInspection: return domain::HazardSource::kCrossInspection;
    case domain::TeamKind::kResident: return domain::HazardSource::kResident;
    case domain::TeamKind::kThematic: return domain::HazardSource::kThematic;
    case domain::TeamKind::kProvincial: return domain::HazardSource::kProvince;
  }
  return domain::HazardSource::kCountyCensus;
}

}  // namespace

Result<Inspection> Inspections::PlanIn(domain::WriteTx& tx, const Actor& a, const NewInspection& in) {
  TRY_STATUS(domain::ValidateText(in.external_body, "external_body", 60, false));
  if (in.round < 1 || in.round > 12) return Fail(InvalidInput("invalid_rounds", "round must be 1 to 12", "round"));
  if (!domain::MayWrite(a.role) || a.role == domain::Role::kSchoolOfficer || a.role == domain::Role::kPrincipal)
    return Fail(Error(ErrorCode::kForbidden, "plan_forbidden", "only bureaus and their teams plan inspections"));
  const Date today = ChinaDateOf(s_.clock.Now());
  const Date planned = in.planned_date.value_or(today);

  TRY_ASSIGN(auto school, tx.FindSchool(in.school_id));
  if (!school) return Fail(NotFound("school " + in.school_id));
  TRY_ASSIGN(auto county, tx.FindOrg(school->parent_id));
  if (!county) return Fail(Corrupt("school " + school->id + " has no parent org"));
  TRY_ASSIGN(auto tmpl, tx.FindChecklistTemplate(in.template_id));
  if (!tmpl)
    return Fail(InvalidInput("unknown_checklist", "checklist " + in.template_id + " does not exist", "template_id"));

  std::string campaign_id = in.campaign_id;
  domain::Org inspecting;
  domain::HazardSource source = in.source.value_or(domain::HazardSource::kCountyCensus);
  std::vector<std::string> inspectors;
  if (!in.team_id.empty()) {
    TRY_ASSIGN(auto team, tx.FindTeam(in.team_id));
    if (!team || !(domain::IsUnder(team->org_path, a.scope_path) || team->HasMember(a.user_id)))
      return Fail(NotFound("team " + in.team_id));
    if (!campaign_id.empty() && campaign_id != team->campaign_id)
      return Fail(InvalidInput("invalid_team", "the team belongs to another campaign", "team_id"));
    campaign_id = team->campaign_id;
    if (!team->HasMember(a.user_id)) TRY_STATUS(domain::AuthoriseCampaignWrite(a, team->org_path));
    if (in.source || !in.external_body.empty())
      return Fail(InvalidInput("invalid_source", "a team's inspections take their source from the team", "source"));
    source = SourceOf(team->kind);
    TRY_ASSIGN(auto org, tx.FindOrg(team->org_id));
    inspecting = *org;
    // The school must be one of the team's: assigned, or in its area (the target county).
    bool ok = false;
    for (const auto& sid : team->schools) ok = ok || sid == school->id;
    if (team->schools.empty()) {
      std::string area = team->org_path;
      if (!team->target_org_id.empty()) {
        TRY_ASSIGN(auto target, tx.FindOrg(team->target_org_id));
        if (target) area = target->path;
      }
      ok = domain::IsUnder(school->path, area);
    }
    if (!ok) return Fail(InvalidInput("school_not_assigned", "the school is not assigned to this team", "school_id"));
    if (in.round > team->rounds)
      return Fail(
          InvalidInput("invalid_rounds", "the team has only " + std::to_string(team->rounds) + " rounds", "round"));
    inspectors = team->members;
    inspectors.insert(inspectors.end(), team->experts.begin(), team->experts.end());
  } else {
    if (!domain::IsUnder(school->path, a.scope_path)) return Fail(NotFound("school " + in.school_id));
    if (source == domain::HazardSource::kSelf || source == domain::HazardSource::kPublicReport)
      return Fail(InvalidInput("invalid_source",
                               "self-inspections are assigned by a campaign; public reports are hazards", "source"));
    const bool recorded = source == domain::HazardSource::kProvince || source == domain::HazardSource::kOtherDepartment;
    if (recorded && TrimAscii(in.external_body).empty())
      return Fail(InvalidInput("missing_field", "name the inspecting body of recorded findings", "external_body"));
    if (!recorded && !in.external_body.empty())
      return Fail(InvalidInput("invalid_source",
                               "external_body is only for findings of a higher level or another department",
                               "external_body"));
    if (source == domain::HazardSource::kProvince) {
      // 省级督导: supervised by the province, the root of the school's path.
      TRY_ASSIGN(auto root, tx.RootOrg());
      if (!root) return Fail(Corrupt("no root org"));
      inspecting = *root;
    } else {
      TRY_ASSIGN(auto own, tx.FindOrg(a.scope_org_id));
      if (!own || own->kind == domain::OrgKind::kSchool)
        return Fail(Error(ErrorCode::kForbidden, "plan_forbidden", "only bureaus and their teams plan inspections"));
      inspecting = *own;
    }
  }
  if (!campaign_id.empty()) {
    TRY_ASSIGN(auto c, tx.FindCampaign(campaign_id));
    if (!c || !domain::CampaignVisibleTo(*c, a)) return Fail(NotFound("campaign " + campaign_id));
    TRY_STATUS(domain::CheckCampaignOpen(*c));
    if (!domain::IsUnder(school->path, c->scope_path))
      return Fail(InvalidInput("school_not_in_campaign", "the school is outside the campaign", "school_id"));
  }
  // The planner acts on the plan too (and sees it): bureau staff who record findings of others.
  if (a.user_id != "system" && std::find(inspectors.begin(), inspectors.end(), a.user_id) == inspectors.end())
    inspectors.push_back(a.user_id);

  std::vector<std::string> carried;
  if (!in.previous_id.empty()) {
    TRY_ASSIGN(auto prev, LoadVisible(tx, a, in.previous_id));
    if (prev.school_id != school->id)
      return Fail(InvalidInput("invalid_previous", "a re-inspection revisits the same school", "previous_id"));
    if (prev.state != domain::InspectionState::kSubmitted)
      return Fail(Conflict("previous_not_submitted", "only a submitted inspection can be re-inspected"));
    TRY_ASSIGN(auto open, tx.OpenHazardsOfInspection(prev.id));
    for (const auto& h : open) carried.push_back(h.id);
  }
  const std::string id = s_.ids.Next("ins");
  Json p{{"campaign_id", campaign_id},
         {"team_id", in.team_id},
         {"school_id", school->id},
         {"school_path", school->path},
         {"county_path", county->path},
         {"inspecting_org_id", inspecting.id},
         {"inspecting_path", inspecting.path},
         {"source", domain::Name(source)},
         {"external_body", std::string(TrimAscii(in.external_body))},
         {"template_id", tmpl->id},
         {"template_version", tmpl->current_version},
         {"unannounced", in.unannounced},
         {"self_inspection", false},
         {"planned_date", FormatDate(planned)},
         {"due_date", ""},
         {"round", in.round},
         {"inspectors", domain::JoinIds(inspectors)},
         {"previous_id", in.previous_id},
         {"carried", IdsJson(carried)}};
  TRY_STATUS(tx.Append(a.user_id, domain::Event{"inspection.planned", id, p}));
  TRY_ASSIGN(auto stored, tx.FindInspection(id));
  return *stored;
}

Result<Inspection> Inspections::CheckInIn(domain::WriteTx& tx, const Actor& a, const std::string& id, std::int64_t v,
                                          const std::string& lat, const std::string& lon) {
  TRY_STATUS(domain::ValidatePosition(lat, lon));
  return Act(tx, a, id, v, InspectionAction::kCheckIn, [&](const Inspection&) -> Result<domain::Event> {
    return domain::Event{"inspection.checked_in", id, Json{{"latitude", lat}, {"longitude", lon}}};
  });
}

Result<Inspection> Inspections::FeedbackIn(domain::WriteTx& tx, const Actor& a, const std::string& id, std::int64_t v,
                                           const std::string& text) {
  TRY_STATUS(domain::ValidateText(text, "feedback", 2000, true));
  return Act(tx, a, id, v, InspectionAction::kFeedback, [&](const Inspection&) -> Result<domain::Event> {
    return domain::Event{"inspection.feedback_given", id, Json{{"feedback", std::string(TrimAscii(text))}}};
  });
}

Result<Inspection> Inspections::SignIn(domain::WriteTx& tx, const Actor& a, const std::string& id, std::int64_t v,
                                       domain::SignerRole role, const std::string& name) {
  TRY_STATUS(domain::ValidateText(name, "name", 40, true));
  return Act(tx, a, id, v, InspectionAction::kSign, [&](const Inspection&) -> Result<domain::Event> {
    return domain::Event{"inspection.signed", id,
                         Json{{"role", domain::Name(role)}, {"name", std::string(TrimAscii(name))}}};
  });
}

Result<Inspection> Inspections::SubmitIn(domain::WriteTx& tx, const Actor& a, const std::string& id, std::int64_t v) {
  return Act(tx, a, id, v, InspectionAction::kSubmit, [&](const Inspection& i) -> Result<domain::Event> {
    TRY_ASSIGN(auto ver, tx.FindChecklistVersion(i.template_id, i.template_version));
    if (!ver) return Fail(Corrupt("inspection " + id + " lost its checklist version"));
    TRY_ASSIGN(auto records, tx.InspectionItems(id));
    std::size_t total = ver->items.size(), answered = 0;
    for (const auto& r : records) {
      if (domain::IsCarriedCode(r.code)) ++total;
      if (r.version > 0) ++answered;
    }
    TRY_ASSIGN(auto sigs, tx.InspectionSignatures(id));
    TRY_STATUS(domain::CheckCanSubmit(i, total, answered, sigs));
    return domain::Event{"inspection.submitted", id, Json::object()};
  });
}

Result<Json> Inspections::AnswerItem(domain::WriteTx& tx, const Actor& a, const Inspection& i,
                                     const domain::ChecklistVersion& ver,
                                     const std::vector<domain::ItemRecord>& records, const ItemInput& in,
                                     std::optional<domain::Hazard>* hazard) {
  std::optional<domain::ItemRecord> existing;
  for (auto& r : records)
    if (r.code == in.code) existing = r;
  const domain::ChecklistItem* item = ver.Find(in.code);
  const bool carried = domain::IsCarriedCode(in.code);
  if (!item && !(carried && existing)) return Fail(NotFound("item " + in.code + " of inspection " + i.id));
  TRY_STATUS(domain::ValidateItemResult(in.result, in.note, in.photos, item && item->photo_required));
  const std::int64_t have = existing ? existing->version : 0;
  if (have > 0 && !in.expected_item_version)
    return Fail(Error(ErrorCode::kVersionRequired, "version_required",
                      "this item was recorded before: send If-Match with the item's version"));
  if (in.expected_item_version && *in.expected_item_version != have)
    return Fail(VersionMismatch(have, *in.expected_item_version));

  std::string hazard_id = existing ? existing->hazard_id : "";
  if (carried) {
    // The re-check feeds the hazard's review (复查): pass closes it, fail sends it back.
    TRY_ASSIGN(auto h, tx.FindHazard(hazard_id));
    if (h && h->state == domain::HazardState::kAwaitingReview && in.result != domain::ItemResult::kNotApplicable) {
      const bool pass = in.result == domain::ItemResult::kPass;
      TRY_ASSIGN(auto reviewed,
                 hazards_.ReviewIn(tx, a, h->id, h->version, pass ? ReviewDecision::kClose : ReviewDecision::kReject,
                                   TrimAscii(in.note).empty() ? std::string("复查通过") : in.note));
      *hazard = reviewed;
    }
  } else if (in.result == domain::ItemResult::kFail && hazard_id.empty()) {
    NewHazard nh;
    nh.school_id = i.school_id;
    nh.source = i.source;
    nh.category = item->category;
    nh.risk_level = item->risk;
    nh.description = item->text + "：" + std::string(TrimAscii(in.note));
    if (Utf8Length(nh.description) > 500) nh.description = std::string(TrimAscii(in.note));
    nh.evidence = in.photos;
    if (i.source != domain::HazardSource::kSelf)
      nh.supervising_org_id = LowestCommonOrg(i.inspecting_path, i.school_path);
    TRY_ASSIGN(auto h, hazards_.RegisterForInspectionIn(tx, a, nh, InspectionLink{i.campaign_id, i.id, in.code}));
    hazard_id = h.id;
    *hazard = h;
  }
  return Json{{"code", in.code},
              {"result", domain::Name(in.result)},
              {"note", std::string(TrimAscii(in.note))},
              {"photos", IdsJson(in.photos)},
              {"hazard_id", hazard_id},
              {"item_version", have + 1}};
}

Result<Inspections::Recorded> Inspections::RecordImpl(domain::WriteTx& tx, const Actor& a, const std::string& id,
                                                      const ItemInput& in,
                                                      const std::optional<std::int64_t>& amend_version,
                                                      const std::string& reason) {
  TRY_ASSIGN(auto i, LoadVisible(tx, a, id));
  TRY_STATUS(domain::AuthoriseInspection(i, a));
  if (amend_version) {
    TRY_STATUS(domain::ValidateText(reason, "reason", 500, true));
    if (i.version != *amend_version) return Fail(VersionMismatch(i.version, *amend_version));
    TRY_STATUS(domain::Transition(i.state, InspectionAction::kAmend));
  } else {
    TRY_STATUS(domain::Transition(i.state, InspectionAction::kRecord));
  }
  TRY_ASSIGN(auto ver, tx.FindChecklistVersion(i.template_id, i.template_version));
  if (!ver) return Fail(Corrupt("inspection " + id + " lost its checklist version"));
  TRY_ASSIGN(auto records, tx.InspectionItems(id));
  Recorded out;
  TRY_ASSIGN(Json p, AnswerItem(tx, a, i, *ver, records, in, &out.hazard));
  out.item_version = p["item_version"].get<std::int64_t>();
  if (amend_version) {
    p["version"] = i.version + 1;
    p["reason"] = std::string(TrimAscii(reason));
  }
  TRY_STATUS(
      tx.Append(a.user_id, domain::Event{amend_version ? "inspection.amended" : "inspection.item_recorded", id, p}));
  TRY_ASSIGN(auto after, tx.FindInspection(id));
  out.inspection = *after;
  TRY_ASSIGN(auto recs, tx.InspectionItems(id));
  for (auto& r : recs)
    if (r.code == in.code) out.record = r;
  return out;
}

Result<Inspections::RecordedMany> Inspections::RecordManyIn(domain::WriteTx& tx, const Actor& a, const std::string& id,
                                                            const std::vector<ItemInput>& items) {
  if (items.empty() || items.size() > 300)
    return Fail(InvalidInput("invalid_items", "send 1 to 300 item results", "items"));
  std::set<std::string> codes;
  for (const auto& in : items)
    if (!codes.insert(in.code).second)
      return Fail(InvalidInput("duplicate_item_code", "item " + in.code + " is answered twice", "items"));
  TRY_ASSIGN(auto i, LoadVisible(tx, a, id));
  TRY_STATUS(domain::AuthoriseInspection(i, a));
  TRY_STATUS(domain::Transition(i.state, InspectionAction::kRecord));
  TRY_ASSIGN(auto ver, tx.FindChecklistVersion(i.template_id, i.template_version));
  if (!ver) return Fail(Corrupt("inspection " + id + " lost its checklist version"));
  TRY_ASSIGN(auto records, tx.InspectionItems(id));
  RecordedMany out;
  Json list = Json::array();
  for (const auto& in : items) {
    std::optional<domain::Hazard> h;
    TRY_ASSIGN(Json p, AnswerItem(tx, a, i, *ver, records, in, &h));
    list.push_back(std::move(p));
    if (h) out.hazards.push_back(std::move(*h));
  }
  TRY_STATUS(tx.Append(a.user_id, domain::Event{"inspection.items_recorded", id, Json{{"items", std::move(list)}}}));
  TRY_ASSIGN(auto after, tx.FindInspection(id));
  out.inspection = *after;
  TRY_ASSIGN(auto recs, tx.InspectionItems(id));
  for (auto& r : recs)
    if (codes.count(r.code)) out.records.push_back(std::move(r));
  return out;
}

Result<Inspections::RecordedMany> Inspections::RecordMany(const Actor& a, const std::string& id,
                                                          const std::vector<ItemInput>& items) {
  return domain::WriteValue<RecordedMany>(s_.store,
                                          [&](domain::WriteTx& tx) { return RecordManyIn(tx, a, id, items); });
}

Result<Inspections::Recorded> Inspections::RecordIn(domain::WriteTx& tx, const Actor& a, const std::string& id,
                                                    const ItemInput& in) {
  return RecordImpl(tx, a, id, in, std::nullopt, "");
}

Result<Inspection> Inspections::Plan(const Actor& a, const NewInspection& in) {
  return domain::WriteValue<Inspection>(s_.store, [&](domain::WriteTx& tx) { return PlanIn(tx, a, in); });
}
Result<Inspection> Inspections::CheckIn(const Actor& a, const std::string& id, std::int64_t v, const std::string& lat,
                                        const std::string& lon) {
  return domain::WriteValue<Inspection>(s_.store,
                                        [&](domain::WriteTx& tx) { return CheckInIn(tx, a, id, v, lat, lon); });
}
Result<Inspections::Recorded> Inspections::Record(const Actor& a, const std::string& id, const ItemInput& in) {
  return domain::WriteValue<Recorded>(s_.store, [&](domain::WriteTx& tx) { return RecordIn(tx, a, id, in); });
}
Result<Inspection> Inspections::Feedback(const Actor& a, const std::string& id, std::int64_t v,
                                         const std::string& text) {
  return domain::WriteValue<Inspection>(s_.store, [&](domain::WriteTx& tx) { return FeedbackIn(tx, a, id, v, text); });
}
Result<Inspection> Inspections::Sign(const Actor& a, const std::string& id, std::int64_t v, domain::SignerRole role,
                                     const std::string& name) {
  return domain::WriteValue<Inspection>(s_.store,
                                        [&](domain::WriteTx& tx) { return SignIn(tx, a, id, v, role, name); });
}
Result<Inspection> Inspections::Submit(const Actor& a, const std::string& id, std::int64_t v) {
  return domain::WriteValue<Inspection>(s_.store, [&](domain::WriteTx& tx) { return SubmitIn(tx, a, id, v); });
}
Result<Inspections::Recorded> Inspections::Amend(const Actor& a, const std::string& id, std::int64_t v,
                                                 const ItemInput& in, const std::string& reason) {
  return domain::WriteValue<Recorded>(
      s_.store, [&](domain::WriteTx& tx) { return RecordImpl(tx, a, id, in, std::optional<std::int64_t>(v), reason); });
}

Result<Inspection> Inspections::Find(const Actor& a, const std::string& id) {
  return domain::ReadValue<Inspection>(s_.store, [&](domain::ReadView& v) { return LoadVisible(v, a, id); });
}

Result<InspectionDetail> Inspections::Get(const Actor& a, const std::string& id) {
  return domain::ReadValue<InspectionDetail>(s_.store, [&](domain::ReadView& v) -> Result<InspectionDetail> {
    InspectionDetail d;
    TRY_ASSIGN(d.inspection, LoadVisible(v, a, id));
    TRY_ASSIGN(auto ver, v.FindChecklistVersion(d.inspection.template_id, d.inspection.template_version));
    if (!ver) return Fail(Corrupt("inspection " + id + " lost its checklist version"));
    d.checklist = std::move(*ver);
    TRY_ASSIGN(d.records, v.InspectionItems(id));
    TRY_ASSIGN(d.signatures, v.InspectionSignatures(id));
    TRY_ASSIGN(d.history, v.JournalFor(id));
    return d;
  });
}

Result<domain::PageOf<Inspection>> Inspections::Search(const Actor& a, const InspectionQuery& q) {
  return domain::ReadValue<domain::PageOf<Inspection>>(s_.store,
                                                       [&](domain::ReadView& v) -> Result<domain::PageOf<Inspection>> {
                                                         domain::InspectionFilter f;
                                                         f.viewer_scope = a.scope_path;
                                                         f.viewer_id = a.user_id;
                                                         f.campaign_id = q.campaign_id;
                                                         f.team_id = q.team_id;
                                                         f.school_id = q.school_id;
                                                         if (!q.org_id.empty()) {
                                                           TRY_ASSIGN(auto o, v.FindOrg(q.org_id));
                                                           if (!o || !domain::IsUnder(o->path, a.scope_path))
                                                             return Fail(NotFound("org " + q.org_id));
                                                           f.under_path = o->path;
                                                         }
                                                         f.state = q.state;
                                                         f.self_inspection = q.self_inspection;
                                                         f.mine = q.mine;
                                                         f.page = q.page;
                                                         return v.SearchInspections(f);
                                                       });
}

}  // namespace anxiao::app
