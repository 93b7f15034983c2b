#pragma once
// Ports: what the domain and the use cases need from storage. src/store implements them on SQLite
// and PostgreSQL; src/main picks one. Every method returns a Result; infrastructure failures come
// back as kUnavailable / kInternal, integrity failures as kCorrupt.

#include <array>
#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "base/time.hpp"
#include "domain/campaign.hpp"
#include "domain/checklist.hpp"
#include "domain/draw_record.hpp"
#include "domain/hazard.hpp"
#include "domain/inspection.hpp"
#include "domain/journal.hpp"
#include "domain/level_report.hpp"
#include "domain/org.hpp"
#include "domain/projection.hpp"
#include "domain/user.hpp"

namespace anxiao::domain {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() = 0;
};

class SystemClock final : public Clock {
 public:
  Timestamp Now() override { return NowUtc(); }
};

struct PageRequest {
  int page = 1;        // 1-based
  int page_size = 20;  // 1..200
};

template <typename T>
struct PageOf {
  std::vector<T> items;
  std::int64_t total = 0;
};

struct SchoolFilter {
  std::string under_path;  // required: the caller's scope, or a narrower org's path
  std::string q;           // name substring, code prefix, pinyin or initials (lower-cased)
  std::optional<SchoolType> type;
  std::optional<Ownership> ownership;
  std::optional<LocationClass> location_class;
  std::optional<bool> boarding;
  PageRequest page;
};

struct UserFilter {
  std::string q;  // username or display name substring
  std::optional<Role> role;
  std::vector<Role> any_role;  // when not empty: one of these roles
  bool enabled_only = false;
  // When not empty: the user's scope org lies under this path ...
  std::string under_path;
  // ... or, with `or_above`, is also allowed to be an ancestor of it (experts registered at the
  // city serve the counties below).
  bool or_above = false;
  PageRequest page;
};

struct TokenRecord {
  std::string id;
  std::string user_id;
  bool revoked = false;
};

// Sort orders of the hazard list (a whitelist: no client text reaches ORDER BY).
enum class HazardSort { kDeadline, kDeadlineDesc, kFoundAt, kFoundAtDesc, kRisk, kNumber };

struct HazardFilter {
  std::string under_path;  // required: the caller's scope, or a narrower org's path
  std::string school_id;
  std::string campaign_id;
  std::optional<HazardState> state;
  std::optional<RiskLevel> risk_level;
  std::optional<HazardCategory> category;
  std::optional<HazardSource> source;
  // Derived from the deadline and `today` (the China date of now), as domain::IsOverdue: overdue
  // means still with the school (registered, planned, rectifying) and deadline < today.
  std::optional<bool> overdue;
  std::optional<int> due_within_days;  // with the school, deadline in [today, today + n]
  Date today;
  std::string q;  // number or description substring
  HazardSort sort = HazardSort::kDeadline;
  PageRequest page;
};

// A stored response to a POST with an Idempotency-Key (not journaled). status 0: in progress.
struct IdempotencyRecord {
  std::string user_id, key, method, path, request_sha256;
  int status = 0;
  std::string body, etag;
  std::int64_t created_ms = 0;
};

// Browser sessions are credentials, not business records: they are not journaled.
struct SessionRecord {
  std::string token_sha256;  // the cookie value is never stored, only its hash
  std::string user_id;
  std::string csrf_token;
  std::int64_t created_ms = 0;
  std::int64_t expires_ms = 0;
};

// Inspection lists. Visibility is domain::VisibleTo evaluated in SQL for the viewer (scope path
// and user id): the inspecting org in scope, or the viewer on the plan, or the school in scope and
// the plan announced or checked in. Empty strings mean "any".
struct InspectionFilter {
  std::string viewer_scope;  // required
  std::string viewer_id;
  std::string campaign_id, team_id, school_id;
  std::string under_path;  // schools under this path
  std::optional<InspectionState> state;
  std::optional<bool> self_inspection;
  // "My inspections": only those where viewer_id is on the plan's inspectors or is a member or
  // expert of the plan's team now (a team edited after planning counts with its current people).
  bool mine = false;
  PageRequest page;
};

// The live figures of a campaign (PRODUCT.md §3), over the schools under `under_path`.
struct CampaignFigures {
  std::int64_t teams = 0, teams_province = 0, teams_city = 0, teams_county = 0;
  std::int64_t schools_in_scope = 0, schools_inspected = 0;  // inspected: a submitted inspection
  std::int64_t inspections_done = 0, inspections_in_progress = 0, inspections_planned = 0;
  std::int64_t hazards_found = 0, hazards_closed = 0, hazards_overdue = 0;
  std::int64_t self_assigned = 0, self_submitted = 0;
  // Per team kind (domain Name()): teams, and distinct schools assigned to them.
  std::map<std::string, std::int64_t> teams_by_kind, schools_by_kind;
  std::int64_t schools_assigned = 0;  // distinct schools of the area assigned to a team of the area
  std::int64_t experts = 0;           // distinct external experts on the teams
  // Per hazard source (domain Name()): found and closed (voided hazards are not counted).
  std::map<std::string, std::int64_t> hazards_found_by_source, hazards_closed_by_source;
  // Distinct schools with a submitted inspection, per source (province: 省级督导 visits).
  std::map<std::string, std::int64_t> schools_inspected_by_source;
  // The same per kind of the team that found them (city-direct teams record their hazards as
  // city_supervision, so the source alone cannot tell the two apart); inspections without a team
  // are left out.
  std::map<std::string, std::int64_t> hazards_found_by_team_kind, hazards_closed_by_team_kind,
      schools_inspected_by_team_kind;
  // Highest round of a submitted inspection, per source (省级督导 in two rounds) and per team kind.
  std::map<std::string, std::int64_t> rounds_by_source, rounds_by_team_kind;
  std::int64_t red_found = 0, red_closed = 0;  // 重大隐患: red hazards, not voided
};

// Self-inspection progress of one county-level unit (or the city, for city-direct schools).
struct SelfInspectionProgress {
  std::string county_path;
  std::int64_t assigned = 0, submitted = 0, in_progress = 0, overdue = 0;  // overdue: past due, not submitted
};

// How well schools' own checks find what outside inspections find (the self-inspection miss rate of
// the five knowns): among the schools under a prefix that submitted a self-inspection by `as_of`
// and have no hazard of their own (source self) found by then, those where an outside inspection
// found hazards, and how many. Every figure is a sum over schools, so children add up to a parent.
struct SelfCheckMisses {
  std::int64_t clean_schools = 0;   // submitted a self-inspection, found nothing themselves
  std::int64_t missed_schools = 0;  // … of which outside inspections found something
  std::int64_t missed_hazards = 0;  // … what they found there (voided ones left out)
};

// The five-knowns aggregate (五个心中有数, app/five_knowns.hpp) of the hazards whose path lies under
// one prefix and that were found on or before `as_of`. Voided hazards count only in `voided`.
struct HazardAggregate {
  std::int64_t total = 0, open = 0, closed = 0, voided = 0;            // total = open + closed
  std::array<std::int64_t, 4> by_risk{}, open_by_risk{};               // indexed by RiskRank
  std::map<std::string, std::int64_t> by_category, by_source;          // domain Name() → count
  std::int64_t open_with_plan = 0;                                     // planned, rectifying or awaiting review
  std::int64_t red_open = 0, red_open_interim = 0, red_open_five = 0;  // 五落实: all five plan fields
  std::int64_t overdue = 0, due_soon = 0, extended = 0;                // as domain::IsOverdue at as_of
  std::int64_t rejections = 0;                                         // review rejections, summed
  std::map<std::int64_t, std::int64_t> close_days;                     // China days from found to closed → hazards
};

// Where AggregateHazards and HazardTrend take their figures from.
enum class AggregateSource { kAuto, kScan };

// One day of the found-vs-closed trend (五个心中有数 progress, the dashboard's line chart).
struct TrendDay {
  Date day;
  std::int64_t found = 0, closed = 0;
};

// An uploaded evidence file (photo) as journaled by `evidence.stored`: content-addressed by the
// SHA-256 of its bytes, with what the image codec found in it. Unknown texts are empty.
struct EvidenceRecord {
  std::string sha256;
  std::int64_t size = 0;
  std::string mime;  // image/jpeg | image/png | image/webp
  std::int64_t width = 0, height = 0;
  std::string taken_at;             // EXIF DateTimeOriginal as "YYYY-MM-DDTHH:MM:SS" (camera local time)
  std::string latitude, longitude;  // EXIF GPS, decimal degrees with 6 decimals
  std::string phash;                // 64-bit perceptual hash, 16 hex digits
  std::string uploaded_by;          // the first uploader
  std::string stored_at;
  std::int64_t stored_seq = 0;
};

// A notice sent to an org (e.g. 挂牌督办 of a red hazard to the city), newest first.
struct NoticeRecord {
  std::string id;
  std::string to_org_id;
  std::string kind;  // "red_hazard_supervision"
  std::string hazard_id;
  std::string at;  // UTC ISO-8601
};

// A rectification notice as issued (`notice.issued`, app/documents.hpp). `content` is the notice's
// canonical JSON (report::NoticeCanonicalJson); id is "ntc_" + its verification code.
struct RectificationNoticeRecord {
  std::string id, inspection_id, school_id, bureau_org_id;
  std::int64_t year = 0, serial = 0;
  std::string number, issued_on, content, issued_by, issued_at;
  std::int64_t issued_seq = 0;
};

// Level reports (domain/level_report.hpp). Empty strings mean "any"; newest preparation first.
struct LevelReportFilter {
  std::string under_path;          // required: reports of orgs under this path
  std::string org_id;              // one org's reports
  std::string supervising_org_id;  // reports sent to this org
  std::string campaign_id;
  std::string period_end;
  std::optional<LevelReportState> state;
  bool live_only = false;  // awaiting_approval, submitted or accepted
  PageRequest page;
};

// Queries, all consistent within one Read or Write call.
class ReadView {
 public:
  virtual ~ReadView() = default;
  virtual Result<std::optional<Org>> FindOrg(const std::string& id) = 0;
  virtual Result<std::optional<Org>> RootOrg() = 0;  // the installation's root (no parent)
  virtual Result<std::optional<Org>> FindOrgByCode(const std::string& code) = 0;
  virtual Result<std::vector<Org>> OrgChildren(const std::string& id) = 0;
  virtual Result<std::int64_t> CountSchoolsUnder(const std::string& path) = 0;
  virtual Result<std::optional<School>> FindSchool(const std::string& id) = 0;
  virtual Result<std::optional<School>> FindSchoolByCode(const std::string& code) = 0;
  virtual Result<PageOf<School>> SearchSchools(const SchoolFilter& f) = 0;

  virtual Result<std::optional<User>> FindUser(const std::string& id) = 0;
  virtual Result<std::optional<User>> FindUserByUsername(const std::string& username) = 0;
  virtual Result<PageOf<User>> ListUsers(const UserFilter& f) = 0;
  virtual Result<std::optional<std::string>> PasswordHash(const std::string& user_id) = 0;
  virtual Result<std::optional<TokenRecord>> FindTokenBySha(const std::string& token_sha256) = 0;
  virtual Result<std::optional<SessionRecord>> FindSession(const std::string& token_sha256) = 0;

  virtual Result<JournalHead> Head() = 0;
  virtual Result<std::vector<Checkpoint>> Checkpoints(int limit) = 0;
  // Journal entries about one subject, in order (record histories).
  virtual Result<std::vector<JournalEntry>> JournalFor(const std::string& subject) = 0;

  // Hazards (domain/hazard.hpp). Scope is the caller's business: these do not filter by it
  // except through HazardFilter::under_path.
  virtual Result<std::optional<Hazard>> FindHazard(const std::string& id) = 0;
  virtual Result<PageOf<Hazard>> SearchHazards(const HazardFilter& f) = 0;
  // The sequence number the next hazard of `county_id` in `year` gets (1 for the first).
  virtual Result<std::int64_t> NextHazardSeq(const std::string& county_id, int year) = 0;
  virtual Result<std::vector<HazardExtension>> HazardExtensions(const std::string& hazard_id) = 0;  // oldest first
  virtual Result<std::vector<HazardEvidence>> HazardEvidenceFor(const std::string& hazard_id) = 0;  // by added_seq
  // Evidence (app/evidence.hpp). Scope is the caller's business here too.
  virtual Result<std::optional<EvidenceRecord>> FindEvidence(const std::string& sha256) = 0;
  // Whether `user_id` uploaded these bytes (first or again).
  virtual Result<bool> EvidenceUploadedBy(const std::string& sha256, const std::string& user_id) = 0;
  // Whether a record references the evidence: any record (under_path empty) or one whose path
  // lies under `under_path` (a hazard of a school in that subtree).
  virtual Result<bool> EvidenceReferenced(const std::string& sha256, const std::string& under_path) = 0;
  virtual Result<std::optional<IdempotencyRecord>> FindIdempotency(const std::string& user_id,
                                                                   const std::string& key) = 0;

  // Admin settings (domain/settings.hpp): the canonical JSON value of `key`, if ever set.
  virtual Result<std::optional<std::string>> FindSetting(const std::string& key) = 0;
  // Notices to orgs under `under_path` (an org path: the caller's scope or narrower), newest first.
  virtual Result<PageOf<NoticeRecord>> SearchNotices(const std::string& under_path, const PageRequest& page) = 0;

  // Rectification notices: by id ("ntc_<code>"), the latest issued for an inspection, and the
  // serial the next notice of `bureau_org_id` in `year` gets (1 for the first).
  virtual Result<std::optional<RectificationNoticeRecord>> FindRectificationNotice(const std::string& id) = 0;
  virtual Result<std::optional<RectificationNoticeRecord>> LatestRectificationNotice(
      const std::string& inspection_id) = 0;
  virtual Result<std::int64_t> NextRectificationNoticeSerial(const std::string& bureau_org_id, int year) = 0;

  // Campaigns, teams, checklists and inspections (domain/campaign.hpp, checklist.hpp,
  // inspection.hpp). Scope and visibility are the caller's business except where a filter says.
  virtual Result<std::optional<Campaign>> FindCampaign(const std::string& id) = 0;
  // Campaigns whose owner lies under `viewer_scope` or whose scope contains it, newest start first.
  virtual Result<PageOf<Campaign>> ListCampaigns(const std::string& viewer_scope, const PageRequest& page) = 0;
  virtual Result<std::optional<Team>> FindTeam(const std::string& id) = 0;
  // A campaign's teams dispatched under `under_path`, plus those with `member_id` on them.
  virtual Result<PageOf<Team>> ListTeams(const std::string& campaign_id, const std::string& under_path,
                                         const std::string& member_id, const PageRequest& page) = 0;
  virtual Result<std::optional<ChecklistTemplate>> FindChecklistTemplate(const std::string& id) = 0;
  virtual Result<PageOf<ChecklistTemplate>> ListChecklistTemplates(const PageRequest& page) = 0;
  virtual Result<std::optional<ChecklistVersion>> FindChecklistVersion(const std::string& template_id,
                                                                       std::int64_t number) = 0;
  virtual Result<std::optional<Inspection>> FindInspection(const std::string& id) = 0;
  virtual Result<PageOf<Inspection>> SearchInspections(const InspectionFilter& f) = 0;
  // Item results recorded so far (and carried hazards, result empty until re-checked), by code.
  virtual Result<std::vector<ItemRecord>> InspectionItems(const std::string& inspection_id) = 0;
  virtual Result<std::vector<Signature>> InspectionSignatures(const std::string& inspection_id) = 0;
  // `today` decides overdue hazards; planned inspections count only when `count_hidden_plans` or
  // they are announced (so that figures never reveal an unannounced plan).
  virtual Result<CampaignFigures> FigureCampaign(const Campaign& c, const std::string& under_path, Date today,
                                                 bool count_hidden_plans) = 0;
  virtual Result<std::vector<SelfInspectionProgress>> SelfInspectionProgressOf(const std::string& campaign_id,
                                                                               const std::string& under_path,
                                                                               Date today) = 0;
  // Open hazards found at a school (the items a re-inspection carries forward), oldest first.
  virtual Result<std::vector<Hazard>> OpenHazardsOfInspection(const std::string& inspection_id) = 0;
  // One aggregate per prefix, in the order given (prefixes may nest: each is aggregated on its own).
  // `due_days`: the due-soon window after `as_of`.
  // `campaign_id` non-empty: only that campaign's hazards. kAuto reads the counters the
  // projection keeps (domain/hazard_stat.hpp) where they give the exact answer (prefixes that are
  // org paths, no hazard under them found after as_of) and aggregates over the hazard rows
  // otherwise; kScan always aggregates over the rows (the baseline, and the check of the counters).
  virtual Result<std::vector<HazardAggregate>> AggregateHazards(const std::vector<std::string>& prefixes, Date as_of,
                                                                int due_days, const std::string& campaign_id,
                                                                AggregateSource source = AggregateSource::kAuto) = 0;
  // The self-inspection misses under each prefix, in the order given (prefixes may nest); with a
  // campaign only its self-inspections and hazards count. kAuto reads the counters
  // (domain/hazard_stat.hpp) where they are exact (org paths under which no hazard was found and
  // no self-inspection submitted after as_of), kScan always reads the rows.
  virtual Result<std::vector<SelfCheckMisses>> SelfInspectionMisses(
      const std::vector<std::string>& prefixes, Date as_of, const std::string& campaign_id,
      AggregateSource source = AggregateSource::kAuto) = 0;
  // Hazards found and closed per China day in [from, to] under `prefix` (voided ones left out),
  // one entry per day of the range, in order.
  virtual Result<std::vector<TrendDay>> HazardTrend(const std::string& prefix, Date from, Date to,
                                                    const std::string& campaign_id,
                                                    AggregateSource source = AggregateSource::kAuto) = 0;

  // Verifiable draws (domain/draw_record.hpp). Scope is the caller's business.
  virtual Result<std::optional<DrawRecord>> FindDraw(const std::string& id) = 0;
  // Draws whose org lies under `under_path`, newest commitment first.
  virtual Result<PageOf<DrawRecord>> ListDraws(const std::string& under_path, const PageRequest& page) = 0;
  // A register version; `records` is filled only when `with_records`.
  virtual Result<std::optional<DrawRegisterVersion>> FindDrawRegister(const std::string& id, bool with_records) = 0;
  // The latest version of the `kind` register of `org_id`, if any was published.
  virtual Result<std::optional<DrawRegisterVersion>> LatestDrawRegister(const std::string& kind,
                                                                        const std::string& org_id,
                                                                        bool with_records) = 0;
  // The school register as it stands, for a snapshot: every school under `under_path`.
  virtual Result<std::vector<RegisterSchoolRow>> RegisterSchoolsUnder(const std::string& under_path) = 0;
  // The secret seed (64 hex) of a committed draw: for the execute use case only, never for reads.
  virtual Result<std::optional<std::string>> FindDrawSecret(const std::string& draw_id) = 0;

  // Level reports (domain/level_report.hpp). Scope is the caller's business.
  virtual Result<std::optional<LevelReport>> FindLevelReport(const std::string& id) = 0;
  virtual Result<PageOf<LevelReport>> SearchLevelReports(const LevelReportFilter& f) = 0;
  // The journaled public key (64 hex) of an org, if it published one.
  virtual Result<std::optional<std::string>> FindSigningKey(const std::string& org_id) = 0;
  // The org's secret signing key (128 hex): for signing a report only, never for reads.
  virtual Result<std::optional<std::string>> FindSigningSecret(const std::string& org_id) = 0;
  // The journal entry with sequence number `seq`, if any (report checkpoints).
  virtual Result<std::optional<JournalEntry>> JournalEntryAt(std::int64_t seq) = 0;
};

// A write transaction: reads see its own writes. Nothing is visible to others, and nothing is
// acknowledged, until Store::Write returns success after the commit.
class WriteTx : public virtual ReadView {
 public:
  // Seals `e` into the journal (seq, at, prev_hash, hash) and applies its projection. Fails with
  // kInternal for a malformed event (a bug) and kCorrupt if the projection cannot apply it.
  virtual Result<JournalEntry> Append(const std::string& actor, const Event& e) = 0;
  virtual Status PutPasswordHash(const std::string& user_id, const std::string& argon2_hash) = 0;
  virtual Status PutSession(const SessionRecord& s) = 0;
  virtual Status DeleteSession(const std::string& token_sha256) = 0;
  virtual Status AddCheckpoint(const std::string& reason) = 0;
  // Keeps the seed of a committed draw until its reveal (not journaled).
  virtual Status PutDrawSecret(const std::string& draw_id, const std::string& seed_hex) = 0;
  // Keeps an org's secret signing key (not journaled; its public key is, in the same transaction).
  virtual Status PutSigningSecret(const std::string& org_id, const std::string& secret_key_hex) = 0;
  // Inserts `r` (usually the status-0 placeholder); false if (user_id, key) already exists.
  virtual Result<bool> ClaimIdempotency(const IdempotencyRecord& r) = 0;
  // Inserts or replaces the record of (r.user_id, r.key).
  virtual Status PutIdempotency(const IdempotencyRecord& r) = 0;
  virtual Status DeleteIdempotency(const std::string& user_id, const std::string& key) = 0;
  // Forgets idempotency records created before `before_ms`.
  virtual Status PurgeIdempotency(std::int64_t before_ms) = 0;
};

class Store {
 public:
  virtual ~Store() = default;
  virtual std::string Engine() const = 0;  // "sqlite" | "postgresql"

  virtual Status Read(const std::function<Status(ReadView&)>& fn) = 0;
  // Runs `fn` in one transaction and commits (durably) if it succeeds; rolls back if it fails or
  // throws. Concurrent writers are serialised; journal seqs have no gaps.
  virtual Status Write(const std::function<Status(WriteTx&)>& fn) = 0;
  // The same without waiting: returns at once and calls `done` with the result once the write is
  // durable or has failed (a throwing `fn` fails with kInternal), on whichever thread committed
  // it, possibly before WriteAsync returns. `done` must be short and must not use the store's
  // write side (it may run on the thread that leads the group commit); it may read. The default
  // runs Write on the calling thread.
  virtual void WriteAsync(std::function<Status(WriteTx&)> fn, std::function<void(Status)> done) {
    Status st;
    try {
      st = Write(fn);
    } catch (const std::exception& e) {
      st = Fail(Internal(std::string("write function threw: ") + e.what()));
    }
    done(std::move(st));
  }

  // Full scans for verification, in ascending order, all inside one read snapshot so that a
  // verification of a live database sees the journal and the tables at the same instant.
  class Snapshot {
   public:
    virtual ~Snapshot() = default;
    virtual Status ScanJournal(const std::function<Status(const JournalEntry&)>& fn) = 0;
    virtual Status ScanTable(const TableSpec& spec,
                             const std::function<Status(const std::string& key, const Row&)>& fn) = 0;
    virtual Result<std::vector<Checkpoint>> AllCheckpoints() = 0;
    virtual Status ScanPasswordHashes(
        const std::function<Status(const std::string& user_id, const std::string& hash)>& fn) = 0;
  };
  virtual Status ReadSnapshot(const std::function<Status(Snapshot&)>& fn) = 0;

  // Writes a consistent copy of the whole database to `path` (SQLite: a new database file made
  // online with VACUUM INTO). PostgreSQL answers kInvalidInput: use pg_dump, which is consistent too.
  virtual Status BackupTo(const std::string& path) = 0;

  // The same scans, each in a snapshot of its own (tools and benchmarks).
  virtual Status ScanJournal(const std::function<Status(const JournalEntry&)>& fn) = 0;
  virtual Status ScanTable(const TableSpec& spec,
                           const std::function<Status(const std::string& key, const Row&)>& fn) = 0;
  virtual Result<std::vector<Checkpoint>> AllCheckpoints() = 0;
  // Credential hashes for the fingerprint check of verify.
  virtual Status ScanPasswordHashes(
      const std::function<Status(const std::string& user_id, const std::string& hash)>& fn) = 0;
};

// Evidence files, stored once by SHA-256 (src/store/files). The journal holds the hashes; these are
// the bytes. Thread-safe.
class EvidenceFiles {
 public:
  virtual ~EvidenceFiles() = default;
  // Stores the original and its thumbnail (JPEG) under `sha256` (the caller computed it from
  // `original`). Each file is written to a temporary name, fsynced, renamed into place and its
  // directory fsynced, so it is durable when Put returns: call it BEFORE committing the event that
  // names the file. An existing file of that name is kept (content-addressed: the same bytes).
  virtual Status Put(const std::string& sha256, std::string_view original, std::string_view thumbnail) = 0;
  // The same without the fsyncs, for bulk loads: the files become durable with the next Sync().
  virtual Status PutUnsynced(const std::string& sha256, std::string_view original, std::string_view thumbnail) = 0;
  // Makes every file written so far durable (syncfs of the file system holding the directory).
  virtual Status Sync() = 0;
  // The original or the thumbnail; nullopt if there is no such file.
  virtual Result<std::optional<std::string>> Read(const std::string& sha256, bool thumbnail) = 0;
  // For verification: the SHA-256 of the stored original (nullopt if the file is missing) and
  // whether the thumbnail exists.
  struct Check {
    std::optional<std::string> original_sha256;
    bool thumbnail_present = false;
  };
  virtual Result<Check> Inspect(const std::string& sha256) = 0;
  // Where the files live, for messages.
  virtual std::string Location() const = 0;
};

// What an image codec found in an upload (src/media, libvips).
struct ImageFacts {
  std::string mime;  // from the magic bytes, confirmed by decoding
  std::int64_t width = 0, height = 0;
  std::string taken_at;             // as EvidenceRecord::taken_at
  std::string latitude, longitude;  // as EvidenceRecord::latitude/longitude
  std::string phash;                // 16 hex digits
  std::string thumbnail_jpeg;       // at most 320 px on the longer side, metadata stripped
};

// A synthetic photo for the demo data: a scene-like picture with a caption, the same bytes for the
// same fields.
struct DemoPhotoSpec {
  std::uint64_t seed = 0;
  std::string caption;  // UTF-8, short
  std::string stamp;    // a corner stamp such as the date
  int width = 480, height = 360;
};

class ImageCodec {
 public:
  virtual ~ImageCodec() = default;
  // Checks the magic bytes (JPEG, PNG, WebP only), then decodes the whole image with the loader of
  // that type (a file name or Content-Type is never trusted). kInvalidInput "unsupported_image_type"
  // for other content, "invalid_image" for undecodable data, "image_too_large" for more pixels than
  // the decompression-bomb limit. Thread-safe.
  virtual Result<ImageFacts> Inspect(std::string_view bytes) = 0;
  // A JPEG for the demo (DemoPhotoSpec).
  virtual Result<std::string> RenderDemoPhoto(const DemoPhotoSpec& spec) = 0;
};

// Helpers to return a value out of Read/Write.
template <typename T, typename F>
Result<T> ReadValue(Store& s, F&& f) {
  std::optional<T> out;
  TRY_STATUS(s.Read([&](ReadView& v) -> Status {
    TRY_ASSIGN(out, f(v));
    return {};
  }));
  return std::move(*out);
}
template <typename T, typename F>
Result<T> WriteValue(Store& s, F&& f) {
  std::optional<T> out;
  TRY_STATUS(s.Write([&](WriteTx& v) -> Status {
    TRY_ASSIGN(out, f(v));
    return {};
  }));
  return std::move(*out);
}

}  // namespace anxiao::domain
