#include "app/demo_hazards.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "app/demo_evidence.hpp"
#include "app/hazards.hpp"
#include "app/users.hpp"
#include "base/random.hpp"

namespace anxiao::app {
namespace {

using domain::Actor;
using domain::Hazard;
using domain::HazardCategory;
using domain::HazardSource;
using domain::RiskLevel;

using Rng = SplitMix64;

struct Finding {
  HazardCategory category;
  std::string_view description;
  std::string_view location;
  RiskLevel risk;
  std::string_view measures;
};

// What inspections of Chinese schools really find, with a typical risk level and remedy.
constexpr std::array<Finding, 52> kFindings{{
    {HazardCategory::kFire, "疏散通道堆放杂物", "教学楼一楼东侧走廊", RiskLevel::kYellow,
     "立即清理杂物，设置禁止堆放标识，纳入每日安全巡查"},
    {HazardCategory::kFire, "灭火器过期未更换", "综合楼二楼楼梯口", RiskLevel::kYellow,
     "更换过期灭火器，建立灭火器月检登记制度"},
    {HazardCategory::kFire, "消火栓箱被课桌遮挡", "实验楼三楼", RiskLevel::kBlue,
     "移除遮挡物，在消火栓箱前地面划定禁放区域"},
    {HazardCategory::kFire, "应急照明灯损坏", "学生宿舍楼楼梯间", RiskLevel::kYellow,
     "更换损坏的应急照明灯，每月测试一次"},
    {HazardCategory::kFire, "安全出口指示标志不亮", "餐厅二楼", RiskLevel::kYellow,
     "维修安全出口指示标志线路，加装备用电源"},
    {HazardCategory::kFire, "电动自行车在楼道内充电", "教师周转宿舍楼道", RiskLevel::kOrange,
     "设置集中充电车棚，楼道内禁止停放和充电"},
    {HazardCategory::kFire, "消防控制室值班人员未持证上岗", "消防控制室", RiskLevel::kOrange,
     "安排持证人员值班，组织值班人员参加培训考证"},
    {HazardCategory::kFire, "图书室电气线路老化", "图书室", RiskLevel::kRed,
     "全面更换老化线路，加装漏电保护和电气火灾监控装置"},
    {HazardCategory::kBuildings, "围墙局部破损存在倒塌风险", "学校东侧围墙", RiskLevel::kRed,
     "拆除危险墙体，重新砌筑围墙"},
    {HazardCategory::kBuildings, "教学楼外墙瓷砖空鼓脱落", "教学楼北立面", RiskLevel::kOrange,
     "搭设防护棚，清除空鼓瓷砖，重新做外墙饰面"},
    {HazardCategory::kBuildings, "楼梯扶手松动", "教学楼西楼梯", RiskLevel::kYellow, "加固楼梯扶手，逐层检查其余扶手"},
    {HazardCategory::kBuildings, "篮球架底座锈蚀松动", "操场", RiskLevel::kYellow,
     "更换篮球架底座，体育器材每学期检查一次"},
    {HazardCategory::kBuildings, "教室吊扇固定螺栓松动", "三年级二班教室", RiskLevel::kYellow,
     "紧固全部吊扇螺栓，加装防坠落保险链"},
    {HazardCategory::kBuildings, "屋面防水层破损渗漏", "实验楼顶层", RiskLevel::kBlue,
     "修补屋面防水层，检查顶层电气线路是否受潮"},
    {HazardCategory::kBuildings, "D级危房仍在使用", "老教学楼", RiskLevel::kRed,
     "立即停用并拆除，学生迁入新教学楼上课"},
    {HazardCategory::kFood, "食堂从业人员健康证过期", "学生食堂", RiskLevel::kOrange,
     "相关人员暂停上岗，办理健康证后方可复岗"},
    {HazardCategory::kFood, "食品留样不足48小时", "学生食堂留样间", RiskLevel::kYellow,
     "配备专用留样冰箱，每餐每样留样不少于125克并保存48小时"},
    {HazardCategory::kFood, "生熟刀具砧板混用", "食堂加工间", RiskLevel::kYellow,
     "生熟刀具砧板分开并标识，加强从业人员培训"},
    {HazardCategory::kFood, "库房食品未离地离墙存放", "食堂库房", RiskLevel::kBlue,
     "购置货架，食品离地离墙10厘米以上分类存放"},
    {HazardCategory::kFood, "餐具消毒柜损坏未维修", "食堂洗消间", RiskLevel::kYellow,
     "维修消毒柜，维修期间采用煮沸消毒并做好记录"},
    {HazardCategory::kFood, "食品添加剂未专柜专人管理", "食堂操作间", RiskLevel::kYellow,
     "设置添加剂专柜，专人管理并建立使用台账"},
    {HazardCategory::kFood, "部分食材无索证索票记录", "食堂库房", RiskLevel::kOrange,
     "补齐供货商资质和票据，建立进货查验台账"},
    {HazardCategory::kTraffic, "校车安全带损坏", "2号校车", RiskLevel::kOrange, "更换损坏的安全带，每日出车前检查"},
    {HazardCategory::kTraffic, "校车灭火器过期", "1号校车", RiskLevel::kYellow, "更换灭火器，校车随车安全设备每月检查"},
    {HazardCategory::kTraffic, "校门口缺少减速带和警示标志", "学校正门", RiskLevel::kYellow,
     "协调交警部门设置减速带、警示标志和护学岗"},
    {HazardCategory::kTraffic, "接送车辆在校门口乱停乱放", "学校正门", RiskLevel::kBlue,
     "划定家长接送区，高峰时段安排教师值守"},
    {HazardCategory::kTraffic, "校车驾驶人未按期体检", "校车管理办公室", RiskLevel::kOrange,
     "驾驶人暂停驾驶校车，完成体检后恢复"},
    {HazardCategory::kLabChemicals, "实验室危化品未双人双锁管理", "化学实验室药品室", RiskLevel::kRed,
     "配备双锁危化品专柜，两名管理员分别保管钥匙"},
    {HazardCategory::kLabChemicals, "危化品出入库台账不全", "化学实验室药品室", RiskLevel::kOrange,
     "清点库存，补全台账，实行领用登记和双人签字"},
    {HazardCategory::kLabChemicals, "实验室通风橱故障", "化学实验室", RiskLevel::kYellow,
     "维修通风橱，维修期间暂停相关分组实验"},
    {HazardCategory::kLabChemicals, "实验废液未分类收集", "化学实验室", RiskLevel::kYellow,
     "配置分类废液桶，委托有资质单位定期处置"},
    {HazardCategory::kLabChemicals, "洗眼器无法正常出水", "生物实验室", RiskLevel::kBlue, "维修洗眼器，每周试用并记录"},
    {HazardCategory::kSecurity, "门卫未配备防暴器械", "学校门卫室", RiskLevel::kYellow,
     "配齐钢叉、盾牌、防割手套等防暴器械并组织演练"},
    {HazardCategory::kSecurity, "校门口监控摄像头损坏", "学校正门", RiskLevel::kYellow,
     "更换摄像头，监控录像保存不少于30天"},
    {HazardCategory::kSecurity, "外来人员未登记即进入校园", "学校门卫室", RiskLevel::kOrange,
     "严格落实来访登记和身份核验制度"},
    {HazardCategory::kSecurity, "一键报警装置未与公安联网", "学校门卫室", RiskLevel::kOrange,
     "联系公安机关完成一键报警联网并测试"},
    {HazardCategory::kSecurity, "夜间值班巡查记录缺失", "值班室", RiskLevel::kBlue,
     "落实夜间值班巡查制度，每晚至少巡查两次并记录"},
    {HazardCategory::kDormitory, "宿舍私拉乱接电线", "男生宿舍楼三楼", RiskLevel::kOrange,
     "拆除私接电线，开展宿舍用电安全检查和教育"},
    {HazardCategory::kDormitory, "学生宿舍使用大功率电器", "女生宿舍楼", RiskLevel::kYellow,
     "收缴违规电器，安装限功率用电装置"},
    {HazardCategory::kDormitory, "宿舍楼安全出口夜间上锁", "学生宿舍楼", RiskLevel::kRed,
     "立即开锁，改装推闩式安全门锁，宿管员夜间值守"},
    {HazardCategory::kDormitory, "上铺床护栏高度不足", "学生宿舍", RiskLevel::kYellow, "加高上铺护栏至不低于30厘米"},
    {HazardCategory::kDormitory, "宿管员夜间不在岗", "学生宿舍楼", RiskLevel::kOrange, "落实宿管员夜间在岗和查寝制度"},
    {HazardCategory::kDrowning, "防溺水警示牌缺失", "学校周边河道", RiskLevel::kYellow,
     "协调村委会在河道沿岸设置防溺水警示牌"},
    {HazardCategory::kDrowning, "校园周边坑塘未设置防护栏", "学校西侧坑塘", RiskLevel::kOrange,
     "协调乡镇设置防护栏和救生设施"},
    {HazardCategory::kDrowning, "防溺水家长告知书回收不全", "学校德育处", RiskLevel::kBlue,
     "逐班补发并回收告知书，开展防溺水专题教育"},
    {HazardCategory::kEpidemic, "晨午检记录不完整", "各班级", RiskLevel::kBlue, "规范晨午检登记，班主任每日汇总上报"},
    {HazardCategory::kEpidemic, "隔离观察室设置不规范", "校医室", RiskLevel::kYellow,
     "按要求设置独立隔离观察室并配齐防护物资"},
    {HazardCategory::kEpidemic, "校医室消毒记录缺失", "校医室", RiskLevel::kBlue, "建立消毒记录制度，每日记录"},
    {HazardCategory::kLargeEvents, "运动会应急预案未演练", "操场", RiskLevel::kYellow,
     "完善运动会应急预案并组织一次演练"},
    {HazardCategory::kLargeEvents, "集会疏散路线图缺失", "学校礼堂", RiskLevel::kBlue,
     "绘制并张贴疏散路线图，组织疏散演练"},
    {HazardCategory::kOther, "校园周边200米内有网吧", "学校周边", RiskLevel::kBlue, "报请文旅和市场监管部门依法处理"},
    {HazardCategory::kOther, "安全教育课时不足", "教务处", RiskLevel::kBlue,
     "按规定开齐安全教育课程，每学期不少于规定课时"},
}};

constexpr std::array<std::string_view, 4> kExtensionReasons{{
    "整改所需材料采购周期较长",
    "需待周末学生离校后施工",
    "整改资金需经县财政审批",
    "施工单位排期，需延后进场",
}};
constexpr std::array<std::string_view, 3> kRejections{{
    "整改照片不能反映整改效果，请补充整改后全景照片",
    "现场复查发现问题未彻底整改",
    "整改台账记录不完整，请补充后再报",
}};
constexpr std::array<std::string_view, 2> kVoidReasons{{
    "与本校已登记隐患重复，作废",
    "经现场核查不属于安全隐患",
}};
constexpr std::array<std::string_view, 10> kSurnames{{"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"}};
constexpr std::array<std::string_view, 10> kGivenNames{
    {"建军", "秀英", "志强", "海燕", "明", "丽华", "伟", "桂兰", "国庆", "红梅"}};

enum class Target { kRegistered, kPlanned, kRectifying, kAwaitingReview, kClosed, kVoided };

Target PickTarget(Rng& rng) {
  int p = rng.Below(100);
  if (p < 12) return Target::kRegistered;
  if (p < 26) return Target::kPlanned;
  if (p < 50) return Target::kRectifying;
  if (p < 63) return Target::kAwaitingReview;
  if (p < 94) return Target::kClosed;
  return Target::kVoided;
}

// Who does what for one county-level unit (or the city, for city-direct schools).
struct Crew {
  Actor school_side;  // plans, starts, progresses, submits, requests extensions
  Actor inspector;    // registers county findings and reviews county-supervised hazards
};

// The seed of the n-th photo of `stage` (0 before, 1 progress, 2 after) of hazard `i`.
std::uint64_t PhotoSeed(std::uint64_t seed, int i, int stage, int n) {
  return seed ^ (0x70686f746fULL + static_cast<std::uint64_t>(i) * 64 + static_cast<std::uint64_t>(stage) * 8 +
                 static_cast<std::uint64_t>(n));
}

}  // namespace

Result<DemoCrews> LoadDemoCrews(Services& s, domain::WriteTx& tx, const DemoCity& city,
                                const std::map<std::string, std::string>& ids, const std::string& password_hash,
                                std::uint64_t seed) {
  DemoCrews out;
  out.seed = seed;
  out.rng = Rng(seed ^ 0x68617a617264ULL);  // "hazard"
  Rng& rng = out.rng;
  Users users(s);
  const auto sys = Actor::System();
  auto new_user = [&](const std::string& username, domain::Role role, const std::string& scope_key,
                      const std::string& organization) -> Status {
    std::string name = std::string(kSurnames[static_cast<std::size_t>(rng.Below(10))]) +
                       std::string(kGivenNames[static_cast<std::size_t>(rng.Below(10))]);
    NewUser nu{username, name, kDemoPassword, ids.at(scope_key), organization, role};
    TRY_STATUS(users.CreateIn(tx, sys, nu, password_hash));
    ++out.users;
    return {};
  };
  // A bureau officer and an inspector per county-level unit; 东阿县 uses the demo's own.
  for (const auto& o : city.orgs) {
    if (o.kind != domain::OrgKind::kCounty || o.code == "371524") continue;
    TRY_STATUS(new_user("officer." + o.code, domain::Role::kBureauOfficer, o.key, o.name + "教体局安全股"));
    TRY_STATUS(new_user("inspector." + o.code, domain::Role::kInspector, o.key, o.name + "教育督导室"));
  }
  TRY_STATUS(new_user("province.inspector", domain::Role::kInspector, "province", "山东省教育厅督导室"));
  return out;
}

Result<DemoHazardsSummary> LoadDemoHazards(Services& s, domain::WriteTx& tx, const DemoCity& city,
                                           const std::map<std::string, std::string>& ids, DemoCrews& crews_in) {
  DemoHazardsSummary sum;
  Rng& rng = crews_in.rng;
  const std::uint64_t seed = crews_in.seed;
  Hazards hazards(s);
  DemoPhotos photos(s, tx);

  auto actor_of = [&](const std::string& username) -> Result<Actor> {
    TRY_ASSIGN(auto u, tx.FindUserByUsername(username));
    if (!u) return Fail(Internal("demo user missing: " + username));
    return ActorFor(tx, *u);
  };

  // Crews per county-level unit (LoadDemoCrews); 东阿县 uses the demo's own county officer and inspector.
  std::map<std::string, Crew> crews;  // parent key → crew
  TRY_ASSIGN(auto city_officer, actor_of("city.officer"));
  TRY_ASSIGN(auto expert, actor_of("expert"));
  for (const auto& o : city.orgs) {
    if (o.kind != domain::OrgKind::kCounty) continue;
    Crew c;
    const bool donge = o.code == "371524";
    TRY_ASSIGN(c.school_side, actor_of(donge ? "county.officer" : "officer." + o.code));
    TRY_ASSIGN(c.inspector, actor_of(donge ? "inspector" : "inspector." + o.code));
    crews[o.key] = c;
  }
  crews["city"] = Crew{city_officer, expert};  // city-direct schools
  TRY_ASSIGN(auto province_inspector, actor_of("province.inspector"));
  TRY_ASSIGN(auto school_officer, actor_of("school.officer"));
  TRY_ASSIGN(auto principal, actor_of("principal"));
  const std::string demo_school = school_officer.scope_org_id;

  const DemoSchool* demo_ds = nullptr;
  for (const auto& x : city.schools)
    if (ids.at("school:" + x.school.code) == demo_school) demo_ds = &x;
  if (demo_ds == nullptr) return Fail(Internal("demo school not found"));

  const Date today = ChinaDateOf(s.clock.Now());
  const std::size_t n_schools = city.schools.size();
  for (int i = 0; i < kDemoHazardCount; ++i) {
    // Every eighth hazard is at the demo school, so its users have a list to work on.
    const DemoSchool* ds = i % 8 == 0 ? demo_ds : &city.schools[rng.Next() % n_schools];
    const std::string school_id = ids.at("school:" + ds->school.code);
    Crew crew = crews.at(ds->parent_key);
    const bool at_demo_school = school_id == demo_school;
    Actor rectifier = crew.school_side, starter = crew.school_side;
    if (at_demo_school) rectifier = school_officer, starter = rng.Percent(50) ? principal : school_officer;

    const Finding& f = kFindings[static_cast<std::size_t>(rng.Below(static_cast<int>(kFindings.size())))];
    RiskLevel risk = f.risk;
    if (rng.Percent(15)) risk = static_cast<RiskLevel>(std::min(3, domain::RiskRank(risk) + 1));  // judged milder here

    NewHazard n;
    n.school_id = school_id;
    n.category = f.category;
    n.description = std::string(f.description);
    n.location = std::string(f.location);
    n.risk_level = risk;
    // Older findings are further along the loop; a minority of the open ones is overdue.
    const Target target = PickTarget(rng);
    static constexpr int kMaxAge[] = {6, 12, 20, 30, 60, 45};  // by Target
    n.found_at = CivilFromDays(DaysFromCivil(today) - rng.Below(kMaxAge[static_cast<int>(target)]));
    Actor registrar = crew.inspector, reviewer = crew.inspector;
    const int src = rng.Below(100);
    if (src < 35) {
      n.source = HazardSource::kSelf;
      registrar = rectifier;
    } else if (src < 45) {
      n.source = HazardSource::kThematic;
      registrar = rectifier;
    } else if (src < 60) {
      n.source = HazardSource::kCountyCensus;
    } else if (src < 75) {
      n.source = HazardSource::kCountySpotCheck;
    } else if (src < 83) {
      n.source = HazardSource::kCitySupervision;
      registrar = reviewer = expert;
      n.supervising_org_id = ids.at("city");
    } else if (src < 89) {
      n.source = HazardSource::kCrossInspection;
      registrar = reviewer = expert;
      n.supervising_org_id = ids.at("city");
    } else if (src < 93) {
      n.source = HazardSource::kResident;
      registrar = reviewer = expert;
      n.supervising_org_id = ids.at("city");
    } else if (src < 97) {
      n.source = HazardSource::kProvince;
      registrar = reviewer = province_inspector;
      n.supervising_org_id = ids.at("province");
    } else {
      n.source = rng.Percent(50) ? HazardSource::kPublicReport : HazardSource::kOtherDepartment;
      n.supervising_org_id = crew.inspector.scope_org_id;
    }
    if (n.source != HazardSource::kSelf && n.source != HazardSource::kThematic && n.supervising_org_id.empty())
      n.supervising_org_id = crew.inspector.scope_org_id;
    if (n.source == HazardSource::kThematic) n.supervising_org_id = ids.at(ds->parent_key);

    {
      TRY_ASSIGN(auto sha, photos.Take(registrar, PhotoSeed(seed, i, 0, 0), n.description + " · 整改前",
                                       FormatDate(*n.found_at)));
      n.evidence = {sha};
    }
    TRY_ASSIGN(Hazard h, hazards.RegisterIn(tx, registrar, n));
    ++sum.hazards;
    if (target == Target::kRegistered) continue;
    if (target == Target::kVoided && rng.Percent(50)) {
      TRY_ASSIGN(h, hazards.VoidIn(tx, reviewer, h.id, h.version,
                                   std::string(kVoidReasons[static_cast<std::size_t>(rng.Below(2))])));
      continue;
    }

    domain::HazardPlan plan;
    plan.measures = std::string(f.measures);
    plan.responsible_person = std::string(kSurnames[static_cast<std::size_t>(rng.Below(10))]) +
                              std::string(kGivenNames[static_cast<std::size_t>(rng.Below(10))]);
    plan.deadline = h.deadline;
    if (risk == RiskLevel::kRed) {
      plan.funds = std::to_string(1 + rng.Below(30)) + ".0万元，县级安全专项资金列支";
      plan.contingency_plan = "制定专项应急预案，明确疏散路线、责任人和联络方式，整改期间每周演练一次";
      plan.interim_measures = "设置警戒隔离，停用相关区域，安排专人24小时值守";
      plan.closed_for_use = f.category == HazardCategory::kBuildings || f.category == HazardCategory::kDormitory;
    } else if (rng.Percent(30)) {
      plan.funds = std::to_string(500 + 100 * rng.Below(50)) + "元，学校公用经费列支";
    }
    TRY_ASSIGN(h, hazards.PlanIn(tx, rectifier, h.id, h.version, plan));
    if (target == Target::kVoided) {
      TRY_ASSIGN(h, hazards.VoidIn(tx, reviewer, h.id, h.version,
                                   std::string(kVoidReasons[static_cast<std::size_t>(rng.Below(2))])));
      continue;
    }

    // Extensions: approved, denied, or (while still with the school) pending.
    const int ext = rng.Below(100);
    const bool may_pend = target == Target::kPlanned || target == Target::kRectifying;
    if (ext < 18) {
      Date later = CivilFromDays(DaysFromCivil(h.deadline) + 7 + rng.Below(21));
      TRY_ASSIGN(auto r,
                 hazards.RequestExtensionIn(tx, rectifier, h.id, h.version, later,
                                            std::string(kExtensionReasons[static_cast<std::size_t>(rng.Below(4))])));
      h = r.hazard;
      if (!(may_pend && ext < 4)) {
        const bool approve = ext >= 7;
        TRY_ASSIGN(auto d, hazards.DecideExtensionIn(tx, reviewer, h.id, r.extension.id, h.version, approve,
                                                     approve ? "" : "整改工作量不大，应在原时限内完成"));
        h = d.hazard;
      }
    }
    if (target == Target::kPlanned) continue;

    TRY_ASSIGN(h, hazards.StartIn(tx, starter, h.id, h.version));
    const int notes = rng.Below(3);
    for (int k = 0; k < notes; ++k) {
      TRY_ASSIGN(auto sha, photos.Take(rectifier, PhotoSeed(seed, i, 1, k), n.description + " · 整改中", h.number));
      TRY_ASSIGN(
          h, hazards.ProgressIn(tx, rectifier, h.id, h.version,
                                k == 0 ? "已制定整改方案并落实责任人，开始整改" : "整改过半，剩余工作正在推进", {sha}));
    }
    const bool rejected_once = rng.Percent(20);
    if (target == Target::kRectifying && !rejected_once) continue;
    {
      TRY_ASSIGN(auto sha, photos.Take(rectifier, PhotoSeed(seed, i, 2, 0), n.description + " · 整改后", h.number));
      TRY_ASSIGN(h, hazards.SubmitIn(tx, rectifier, h.id, h.version, "已按整改方案完成整改，请复查", {sha}));
    }
    if (rejected_once) {
      TRY_ASSIGN(h, hazards.ReviewIn(tx, reviewer, h.id, h.version, ReviewDecision::kReject,
                                     std::string(kRejections[static_cast<std::size_t>(rng.Below(3))])));
      if (target == Target::kRectifying) continue;
      TRY_ASSIGN(auto sha,
                 photos.Take(rectifier, PhotoSeed(seed, i, 2, 1), n.description + " · 整改后（补充）", h.number));
      TRY_ASSIGN(h, hazards.SubmitIn(tx, rectifier, h.id, h.version, "已按复查意见补充整改", {sha}));
    }
    if (target == Target::kAwaitingReview) continue;
    TRY_ASSIGN(h, hazards.ReviewIn(tx, reviewer, h.id, h.version, ReviewDecision::kClose, "现场复查合格，予以销号"));
  }
  // The photo files must be on disk before the journal that names them commits.
  TRY_STATUS(photos.Finish());
  return sum;
}

}  // namespace anxiao::app
