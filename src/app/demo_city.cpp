#include "app/demo_city.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <string_view>
#include <unordered_set>
#include <utility>

#include "base/random.hpp"
#include "base/strings.hpp"

namespace anxiao::app {
namespace {

using domain::LocationClass;
using domain::Ownership;
using domain::SchoolType;

// ---------------------------------------------------------------------------------------------
// Randomness. The output must be byte-for-byte identical for a seed on every platform, so nothing
// here uses <random>: its engines are specified but its distributions are not. The generator is
// xoshiro256** (Blackman & Vigna, 2018) with its state filled by SplitMix64 from the seed, as its
// authors recommend; bounded integers use rejection sampling, so they are exactly uniform.
// ---------------------------------------------------------------------------------------------
class Rng {
 public:
  explicit Rng(std::uint64_t seed) {
    SplitMix64 fill(seed);
    for (auto& s : s_) s = fill.Next();
  }

  std::uint64_t Next() {
    const std::uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }

  // Uniform in [lo, hi]; requires lo <= hi.
  std::int64_t Between(std::int64_t lo, std::int64_t hi) {
    assert(lo <= hi);
    const std::uint64_t range = static_cast<std::uint64_t>(hi - lo) + 1;
    if (range == 0) return static_cast<std::int64_t>(Next());  // the full 64-bit range
    // Reject the values below 2^64 mod range so that every residue is equally likely.
    const std::uint64_t threshold = (0 - range) % range;
    std::uint64_t r;
    do r = Next();
    while (r < threshold);
    return lo + static_cast<std::int64_t>(r % range);
  }

  // Uniform index in [0, n); requires n > 0.
  std::size_t Index(std::size_t n) { return static_cast<std::size_t>(Between(0, static_cast<std::int64_t>(n) - 1)); }

  // True with probability permille / 1000.
  bool Chance(int permille) { return Between(0, 999) < permille; }

  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[Index(v.size())];
  }
  template <typename T, std::size_t N>
  const T& Pick(const std::array<T, N>& v) {
    return v[Index(N)];
  }

  // Fisher–Yates with our own bounded integers (std::shuffle's use of the engine is unspecified).
  template <typename T>
  void Shuffle(std::vector<T>& v) {
    for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[Index(i)]);
  }

 private:
  static std::uint64_t Rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  std::array<std::uint64_t, 4> s_{};
};

// ---------------------------------------------------------------------------------------------
// Name tables. Town names are the real townships of each county-level unit as far as we know them;
// streets mix real Liaocheng street names with common ones. Nothing here needs to be exact: the
// demo only has to look like a real city to the people who use it.
// ---------------------------------------------------------------------------------------------
enum class UnitKind { kDistrict, kCounty, kZone };

struct LocationMix {  // permille of urban, town, fringe; rural is the rest
  int urban, town, fringe;
};

struct CountyDef {
  std::string_view name;
  std::string_view code;
  UnitKind kind;
  int base_schools;  // before the seed's jitter; the 11 add up to 3,022
  int lat_micro;     // centre of the seat, in millionths of a degree
  int lon_micro;
  std::vector<std::string_view> towns;    // 街道 first, then 镇 and 乡
  std::vector<std::string_view> streets;  // the county's own streets; kCommonStreets are added
};

const std::vector<CountyDef>& Counties() {
  // A table: one county per entry, its towns beside it.
  // clang-format off
  static const std::vector<CountyDef> kCounties = {
      {"东昌府区", "371502", UnitKind::kDistrict, 520, 36456000, 115985000,
       {"古楼街道", "柳园街道", "新区街道", "湖西街道", "道口铺街道", "阎寺街道", "侯营镇", "沙镇镇",
        "堂邑镇", "梁水镇镇", "斗虎屯镇", "郑家镇", "张炉集镇"},
       {"东昌路", "光岳路", "柳园路", "兴华路", "湖南路", "花园路", "卫育路", "古楼街", "昌润路", "龙山路", "鲁化路",
        "站前街", "向阳路", "利民路", "东关街", "闸口街", "米市街", "湖滨路", "水城大道"}},
      {"茌平区", "371503", UnitKind::kDistrict, 290, 36580000, 116255000,
       {"振兴街道", "信发街道", "温陈街道", "乐平铺镇", "冯官屯镇", "菜屯镇", "博平镇", "杜郎口镇", "韩屯镇",
        "胡屯镇", "肖家庄镇", "贾寨镇", "洪官屯镇", "杨官屯乡"},
       {"振兴路", "新政路", "茌中街", "信发路", "乐平路", "望岳路", "金牛湖路", "文化路", "工业路", "育新街"}},
      {"阳谷县", "371521", UnitKind::kCounty, 370, 36114000, 115791000,
       {"博济桥街道", "侨润街道", "狮子楼街道", "阎楼镇", "阿城镇", "七级镇", "安乐镇", "定水镇", "石佛镇",
        "李台镇", "寿张镇", "十五里园镇", "张秋镇", "郭屯镇", "西湖镇", "高庙王镇", "金斗营镇", "大布乡"},
       {"谷山路", "狮子楼路", "侨润路", "运河路", "清河路", "景阳冈路", "博济路", "阳谷大道", "百货街", "新华街"}},
      {"莘县", "371522", UnitKind::kCounty, 430, 36234000, 115671000,
       {"莘州街道", "莘亭街道", "东鲁街道", "燕塘镇", "张鲁回族镇", "朝城镇", "观城镇", "古城镇", "大张家镇",
        "古云镇", "河店镇", "董杜庄镇", "王奉镇", "樱桃园镇", "十八里铺镇", "燕店镇", "王庄集镇", "柿子园镇",
        "妹冢镇", "魏庄镇", "张寨镇", "大王寨镇", "徐庄镇", "俎店镇"},
       {"莘州路", "东鲁路", "莘亭路", "燕塘路", "政府街", "振兴街", "鸿图街", "通运路", "马西路", "文昌路"}},
      {"东阿县", "371524", UnitKind::kCounty, 210, 36335000, 116248000,
       {"铜城街道", "新城街道", "刘集镇", "牛角店镇", "大桥镇", "高集镇", "姜楼镇", "姚寨镇", "鱼山镇", "陈集镇"},
       {"曙光街", "阿胶街", "少岱山路", "香江路", "洛神路", "衡山路", "前进街", "东阿大道", "阿胶大道", "铜城路",
        "新城路", "府前街"}},
      {"冠县", "371525", UnitKind::kCounty, 370, 36484000, 115442000,
       {"清泉街道", "崇文街道", "烟庄街道", "贾镇", "桑阿镇", "柳林镇", "清水镇", "东古城镇", "北馆陶镇", "店子镇",
        "定远寨镇", "辛集镇", "梁堂镇", "范寨镇", "甘官屯镇", "兰沃乡", "斜店乡", "万善乡"},
       {"冠州路", "清泉路", "红旗路", "武训路", "崇文路", "馆陶路", "振兴路", "冠宜春路", "烟庄路", "西关街"}},
      {"高唐县", "371526", UnitKind::kCounty, 240, 36846000, 116231000,
       {"鱼邱湖街道", "汇鑫街道", "人和街道", "梁村镇", "尹集镇", "清平镇", "固河镇", "三十里铺镇", "琉璃寺镇",
        "赵寨子镇", "姜店镇", "杨屯镇"},
       {"鱼丘湖路", "金城路", "时风路", "官道街", "人和路", "鼓楼路", "兴华路", "德润路", "汇鑫路", "光明路"}},
      {"临清市", "371581", UnitKind::kCounty, 370, 36838000, 115705000,
       {"青年路街道", "新华路街道", "先锋路街道", "大辛庄街道", "松林镇", "老赵庄镇", "康庄镇", "魏湾镇",
        "刘垓子镇", "八岔路镇", "潘庄镇", "烟店镇", "唐园镇", "金郝庄镇", "戴湾镇", "尚店镇"},
       {"先锋路", "青年路", "考棚街", "大众路", "永青路", "银河路", "温泉路", "元代运河路", "鳌头矶街", "锅市街"}},
      {"聊城经济技术开发区", "371571", UnitKind::kZone, 88, 36430000, 116040000,
       {"蒋官屯街道", "北城街道", "广平乡"},
       {"黄河路", "长江路", "华山路", "泰山路", "嵩山路", "中华路", "松花江路", "辽河路", "淮河路", "东城路"}},
      {"聊城高新技术产业开发区", "371572", UnitKind::kZone, 78, 36472000, 116062000,
       {"九州街道", "许营镇", "顾官屯镇", "韩集乡"},
       {"九州路", "天津路", "济南路", "燕山路", "月亮湾路", "高新大道", "鲁西路", "创业路"}},
      {"江北水城旅游度假区", "371573", UnitKind::kZone, 56, 36420000, 115960000,
       {"凤凰街道", "李海务街道", "朱老庄镇", "于集镇"},
       {"凤凰路", "湖滨路", "滨河大道", "度假区路", "运河路", "凤凰台路"}},
  };
  // clang-format on
  return kCounties;
}

constexpr std::array<std::string_view, 22> kCommonStreets = {
    "新华路", "建设路", "振兴路", "文化路", "育新街", "人民路", "胜利路", "幸福街", "和平路", "民主街", "解放路",
    "朝阳路", "府前街", "滨河路", "学府路", "健康街", "团结路", "光明街", "育才路", "东风路", "红星路", "花园街",
};
constexpr std::array<std::string_view, 9> kTownStreets = {
    "中心街", "府前街", "文化路", "育才路", "兴业路", "商贸街", "建设街", "振兴街", "学苑路",
};

// Villages: "<prefix><suffix>", optionally with a direction in front (前王庄, 东张楼, 大刘集).
constexpr std::array<std::string_view, 46> kVillagePrefixes = {
    "王", "李", "张", "刘", "陈", "杨", "赵", "孙", "马", "朱", "胡", "郭", "高", "徐", "何", "韩",
    "冯", "曹", "许", "邢", "宋", "邵", "苏", "郑", "崔", "孟", "姜", "侯", "尚", "魏", "董", "田",
    "范", "谷", "任", "袁", "吕", "贾", "耿", "牛", "闫", "葛", "庞", "岳", "齐", "路",
};
constexpr std::array<std::string_view, 10> kVillageDirections = {"前", "后", "东", "西", "南",
                                                                 "北", "大", "小", "中", "新"};
constexpr std::array<std::string_view, 20> kVillageSuffixes = {
    "庄", "楼", "集", "屯",   "营",   "寨", "店", "堂",   "桥",   "洼",
    "园", "坊", "口", "官庄", "海子", "庙", "家", "辛庄", "固堆", "庄科",
};

constexpr std::array<std::string_view, 40> kBrands = {
    "阳光", "金太阳", "蓝天",   "小天使",   "童心",     "爱心", "启航",   "育才",   "博雅", "贝贝",
    "星星", "小博士", "七彩",   "彩虹",     "新星",     "明德", "启智",   "智慧树", "春蕾", "童乐",
    "乐乐", "宝贝",   "小太阳", "金色摇篮", "快乐宝贝", "花朵", "希望",   "英才",   "博文", "致远",
    "华英", "文博",   "睿思",   "卓越",     "新世纪",   "东方", "未来星", "小树苗", "童星", "绿洲",
};
constexpr std::array<std::string_view, 6> kTrainingKinds = {
    "艺术培训学校", "文化培训学校", "科技培训学校", "体育培训学校", "书画培训学校", "舞蹈培训学校",
};

constexpr std::array<std::string_view, 48> kSurnames = {
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁",
};
constexpr std::array<std::string_view, 64> kGivenNames = {
    "建国", "志强", "秀英", "丽",   "伟",   "芳",   "敏",   "静",   "磊",   "军",   "洋",   "勇",   "艳",
    "杰",   "娟",   "涛",   "明",   "超",   "秀兰", "霞",   "平",   "刚",   "桂英", "玉兰", "海燕", "红梅",
    "晓东", "立新", "振华", "文博", "春生", "国庆", "卫东", "学军", "凤英", "淑珍", "丽娟", "晓梅", "雪梅",
    "志刚", "海涛", "建华", "永强", "庆华", "长青", "金凤", "新民", "保国", "爱华", "慧敏", "德胜", "玉珍",
    "俊杰", "子涵", "雅琴", "文静", "宏伟", "建军", "红霞", "东升", "瑞祥", "书香", "广义", "传东",
};
constexpr std::array<std::string_view, 12> kMobilePrefixes = {
    "130", "131", "132", "135", "136", "137", "138", "139", "150", "152", "158", "186",
};

// ---------------------------------------------------------------------------------------------
// City-direct schools (市直学校): fixed names and types, details from the seed.
// ---------------------------------------------------------------------------------------------
struct CityDirectDef {
  std::string_view name;
  SchoolType type;
  Ownership ownership;
  std::string_view street;
};

const std::vector<CityDirectDef>& CityDirect() {
  static const std::vector<CityDirectDef> kSchools = {
      {"聊城第一中学", SchoolType::kSeniorHigh, Ownership::kPublic, "兴华路"},
      {"聊城第二中学", SchoolType::kSeniorHigh, Ownership::kPublic, "东昌路"},
      {"聊城第三中学", SchoolType::kSeniorHigh, Ownership::kPublic, "柳园路"},
      {"聊城市东昌中学", SchoolType::kSeniorHigh, Ownership::kPublic, "光岳路"},
      {"聊城第六中学", SchoolType::kCompleteMiddle, Ownership::kPublic, "湖南路"},
      {"聊城大学附属中学", SchoolType::kCompleteMiddle, Ownership::kPublic, "花园路"},
      {"聊城市实验中学", SchoolType::kJuniorMiddle, Ownership::kPublic, "建设路"},
      {"聊城市水城中学", SchoolType::kJuniorMiddle, Ownership::kPublic, "湖滨路"},
      {"聊城市实验小学", SchoolType::kPrimary, Ownership::kPublic, "卫育路"},
      {"聊城大学附属小学", SchoolType::kPrimary, Ownership::kPublic, "花园路"},
      {"聊城市直机关幼儿园", SchoolType::kKindergarten, Ownership::kPublic, "向阳路"},
      {"聊城市实验幼儿园", SchoolType::kKindergarten, Ownership::kPublic, "利民路"},
      {"聊城市特殊教育学校", SchoolType::kSpecialEducation, Ownership::kPublic, "龙山路"},
      {"聊城职业技术学院", SchoolType::kHigherEducation, Ownership::kPublic, "东昌路"},
      {"聊城市技师学院", SchoolType::kVocational, Ownership::kPublic, "昌润路"},
      {"聊城幼儿师范学校", SchoolType::kVocational, Ownership::kPublic, "水城大道"},
      {"聊城市青少年宫", SchoolType::kOffCampusTraining, Ownership::kPublic, "古楼街"},
      {"聊城外国语学校", SchoolType::kNineYear, Ownership::kPrivate, "湖南路"},
      {"聊城文轩中学", SchoolType::kCompleteMiddle, Ownership::kPrivate, "兴华路"},
      {"聊城市东方双语学校", SchoolType::kNineYear, Ownership::kPrivate, "光岳路"},
      {"聊城市启明星幼儿园", SchoolType::kKindergarten, Ownership::kPrivate, "柳园路"},
  };
  return kSchools;
}

constexpr int kTotalSchools = 3043;
constexpr std::string_view kCityName = "聊城市";
constexpr std::string_view kCityArea = "东昌府区";  // where the city-direct schools stand
constexpr int kCityLat = 36456000, kCityLon = 115985000;
constexpr std::string_view kDemoSchoolName = "东阿县实验小学";

// The demo users' people; the two at the demo school are also its principal and safety officer.
constexpr std::string_view kPrincipalName = "李秀兰";
constexpr std::string_view kSafetyOfficerName = "陈晓梅";

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------
std::string Str(std::string_view s) { return std::string(s); }

// 1 → 一, 12 → 十二, 20 → 二十, 35 → 三十五 (1 ≤ n ≤ 99).
std::string ChineseNumber(int n) {
  static constexpr std::array<std::string_view, 10> kDigits = {"",   "一", "二", "三", "四",
                                                               "五", "六", "七", "八", "九"};
  assert(n >= 1 && n <= 99);
  std::string s;
  if (n >= 10) {
    if (n >= 20) s += kDigits[n / 10];
    s += "十";
  }
  s += kDigits[n % 10];
  return s;
}

// Degrees as text with 6 decimals from millionths, without locale-dependent formatting.
std::string Degrees(int micro) {
  std::string frac = std::to_string(micro % 1000000);
  return std::to_string(micro / 1000000) + "." + std::string(6 - frac.size(), '0') + frac;
}

std::string Digits(Rng& rng, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += static_cast<char>('0' + rng.Between(0, 9));
  return s;
}

std::string PersonName(Rng& rng) { return Str(rng.Pick(kSurnames)) + Str(rng.Pick(kGivenNames)); }
std::string LandLine(Rng& rng) { return "0635-" + std::to_string(rng.Between(2, 8)) + Digits(rng, 6); }
std::string Mobile(Rng& rng) { return Str(rng.Pick(kMobilePrefixes)) + Digits(rng, 8); }

std::string Village(Rng& rng) {
  std::string v;
  if (rng.Chance(300)) v += rng.Pick(kVillageDirections);
  v += rng.Pick(kVillagePrefixes);
  v += rng.Pick(kVillageSuffixes);
  return v;
}

bool IsSubdistrict(std::string_view town) { return town.ends_with("街道"); }

// The names given so far, city-wide: every school name is unique.
class NameBook {
 public:
  // Takes `name` if it is free and short enough.
  bool Take(const std::string& name) {
    if (Utf8Length(name) > 60) return false;
    return used_.insert(name).second;
  }
  bool Has(const std::string& name) const { return used_.count(name) > 0; }
  // "<prefix><first>", then "<prefix>第二<rest>", "<prefix>第三<rest>", … — the first free one.
  std::string Ladder(const std::string& prefix, std::string_view first, std::string_view rest) {
    if (Take(prefix + Str(first))) return prefix + Str(first);
    for (int n = 2; n <= 99; ++n) {
      std::string name = prefix + "第" + ChineseNumber(n) + Str(rest);
      if (Take(name)) return name;
    }
    // Unreachable at demo sizes; kept so that the function is total.
    for (int n = 100;; ++n) {
      std::string name = prefix + std::to_string(n) + Str(rest);
      if (Take(name)) return name;
    }
  }

 private:
  std::unordered_set<std::string> used_;
};

// ---------------------------------------------------------------------------------------------
// County generation
// ---------------------------------------------------------------------------------------------
struct Plan {  // one school before it has a name
  SchoolType type;
  Ownership ownership = Ownership::kPublic;
  LocationClass location = LocationClass::kUrban;
  bool anchor = false;  // the county's flagship of its type: public, urban
};

LocationMix MixOf(UnitKind k, std::string_view name) {
  if (name == "东昌府区") return {400, 200, 150};
  switch (k) {
    case UnitKind::kDistrict: return {250, 300, 100};
    case UnitKind::kCounty: return {180, 300, 70};
    case UnitKind::kZone: return {300, 100, 350};
  }
  return {250, 250, 250};
}

LocationClass DrawLocation(Rng& rng, const LocationMix& mix) {
  const int r = static_cast<int>(rng.Between(0, 999));
  if (r < mix.urban) return LocationClass::kUrban;
  if (r < mix.urban + mix.town) return LocationClass::kTown;
  if (r < mix.urban + mix.town + mix.fringe) return LocationClass::kFringe;
  return LocationClass::kRural;
}

// How many schools of each type a county of `n` schools has. Shares follow Shandong's county
// statistics roughly: kindergartens ~42 %, primary ~37 %, junior middle ~10 %, nine-year ~4 %,
// senior high ~2.5 %, and a handful of the rest. Primary takes the remainder.
std::vector<Plan> PlanTypes(Rng& rng, const CountyDef& c, int n) {
  const bool zone = c.kind == UnitKind::kZone;
  auto share = [&](int lo_permille, int hi_permille) {
    return static_cast<int>((static_cast<std::int64_t>(n) * rng.Between(lo_permille, hi_permille) + 500) / 1000);
  };
  const int special = 1;
  const int vocational = zone ? static_cast<int>(rng.Between(0, 1)) : static_cast<int>(rng.Between(1, 2));
  const int senior = std::max(1, share(20, 30));
  const int complete = zone ? static_cast<int>(rng.Between(0, 1)) : static_cast<int>(rng.Between(1, 3));
  const int training = zone ? static_cast<int>(rng.Between(1, 2)) : static_cast<int>(rng.Between(2, 5));
  const int nine_year = std::max(1, share(35, 45));
  const int junior = std::max(1, share(90, 110));
  const int kindergarten = share(400, 450);
  const int primary = n - special - vocational - senior - complete - training - nine_year - junior - kindergarten;
  assert(primary > 0);

  std::vector<Plan> plans;
  auto add = [&](SchoolType t, int count) {
    for (int i = 0; i < count; ++i) plans.push_back(Plan{t});
  };
  // Flagships first, so that they get the flagship names (实验小学, 第一中学, …).
  for (SchoolType t : {SchoolType::kPrimary, SchoolType::kKindergarten, SchoolType::kSeniorHigh,
                       SchoolType::kSpecialEducation, SchoolType::kJuniorMiddle}) {
    plans.push_back(Plan{t, Ownership::kPublic, LocationClass::kUrban, true});
  }
  add(SchoolType::kKindergarten, kindergarten - 1);
  add(SchoolType::kPrimary, primary - 1);
  add(SchoolType::kJuniorMiddle, junior - 1);
  add(SchoolType::kNineYear, nine_year);
  add(SchoolType::kSeniorHigh, senior - 1);
  add(SchoolType::kCompleteMiddle, complete);
  add(SchoolType::kVocational, vocational);
  add(SchoolType::kSpecialEducation, special - 1);
  add(SchoolType::kOffCampusTraining, training);
  return plans;
}

// Ownership and location class of the non-flagship schools.
void DrawAttributes(Rng& rng, const CountyDef& c, std::vector<Plan>& plans) {
  const LocationMix mix = MixOf(c.kind, c.name);
  for (Plan& p : plans) {
    if (p.anchor) continue;
    int private_permille = 0;
    switch (p.type) {
      case SchoolType::kKindergarten:
        private_permille = 400;
        p.location = DrawLocation(rng, mix);
        break;
      case SchoolType::kPrimary:
        private_permille = 25;
        p.location = DrawLocation(rng, mix);
        break;
      case SchoolType::kNineYear:
        private_permille = 80;
        p.location = DrawLocation(rng, mix);
        break;
      case SchoolType::kJuniorMiddle: {
        private_permille = 50;
        // Junior middle schools sit in the seats of towns more than in villages.
        LocationMix m = mix;
        m.town = std::min(1000 - m.urban - m.fringe, m.town * 2);
        p.location = DrawLocation(rng, m);
        break;
      }
      case SchoolType::kSeniorHigh:
        private_permille = 80;
        p.location = rng.Chance(750) ? LocationClass::kUrban : LocationClass::kTown;
        break;
      case SchoolType::kCompleteMiddle:
        private_permille = 150;
        p.location = rng.Chance(400) ? LocationClass::kUrban : LocationClass::kTown;
        break;
      case SchoolType::kVocational:
        private_permille = 100;
        p.location = rng.Chance(800) ? LocationClass::kUrban : LocationClass::kFringe;
        break;
      case SchoolType::kOffCampusTraining:
        private_permille = 850;
        p.location = rng.Chance(800) ? LocationClass::kUrban : LocationClass::kTown;
        break;
      case SchoolType::kSpecialEducation:
      case SchoolType::kHigherEducation: p.location = LocationClass::kUrban; break;
    }
    p.ownership = rng.Chance(private_permille) ? Ownership::kPrivate : Ownership::kPublic;
    // Private village schools are rare: most private ones are in the seat or a town.
    if (p.ownership == Ownership::kPrivate && p.location == LocationClass::kRural && rng.Chance(600))
      p.location = rng.Chance(500) ? LocationClass::kUrban : LocationClass::kTown;
  }
  // The cross-inspection draws pick at least 6 rural or fringe schools per county; keep 8.
  constexpr int kMinOutlying = 8;
  int outlying = 0;
  for (const Plan& p : plans)
    if (p.location == LocationClass::kRural || p.location == LocationClass::kFringe) ++outlying;
  for (auto it = plans.rbegin(); it != plans.rend() && outlying < kMinOutlying; ++it) {
    if (it->anchor || (it->type != SchoolType::kPrimary && it->type != SchoolType::kKindergarten)) continue;
    if (it->location == LocationClass::kRural || it->location == LocationClass::kFringe) continue;
    it->location = LocationClass::kRural;
    it->ownership = Ownership::kPublic;
    ++outlying;
  }
}

std::int64_t DrawStudents(Rng& rng, SchoolType t, LocationClass loc) {
  const bool urban = loc == LocationClass::kUrban;
  const bool village = loc == LocationClass::kRural || loc == LocationClass::kFringe;
  switch (t) {
    case SchoolType::kKindergarten:
      return urban ? rng.Between(150, 400) : village ? rng.Between(60, 200) : rng.Between(100, 320);
    case SchoolType::kPrimary:
      return urban ? rng.Between(1000, 2500) : village ? rng.Between(150, 600) : rng.Between(450, 1500);
    case SchoolType::kJuniorMiddle:
      return urban ? rng.Between(1000, 2500) : village ? rng.Between(300, 900) : rng.Between(600, 1600);
    case SchoolType::kNineYear: return urban ? rng.Between(1200, 2800) : rng.Between(300, 1200);
    case SchoolType::kSeniorHigh: return rng.Between(1500, 5000);
    case SchoolType::kCompleteMiddle: return rng.Between(800, 3000);
    case SchoolType::kVocational: return rng.Between(800, 4000);
    case SchoolType::kSpecialEducation: return rng.Between(60, 250);
    case SchoolType::kHigherEducation: return rng.Between(10000, 16000);
    case SchoolType::kOffCampusTraining: return rng.Between(100, 800);
  }
  return 0;
}

bool DrawBoarding(Rng& rng, SchoolType t, LocationClass loc) {
  const bool village = loc == LocationClass::kRural || loc == LocationClass::kFringe;
  switch (t) {
    case SchoolType::kSeniorHigh: return rng.Chance(900);
    case SchoolType::kHigherEducation: return true;
    case SchoolType::kCompleteMiddle: return rng.Chance(600);
    case SchoolType::kVocational: return rng.Chance(600);
    case SchoolType::kSpecialEducation: return rng.Chance(500);
    case SchoolType::kJuniorMiddle: return rng.Chance(loc == LocationClass::kUrban ? 100 : 400);
    case SchoolType::kNineYear: return rng.Chance(village ? 350 : 100);
    case SchoolType::kPrimary: return village && rng.Chance(50);
    case SchoolType::kKindergarten:
    case SchoolType::kOffCampusTraining: return false;
  }
  return false;
}

// The name of one county school, with the town, village and street it mentions (the address
// repeats them).
struct Naming {
  std::string name;
  std::string town;
  std::string village;  // empty unless the name carries one
  std::string street;   // empty unless the school is on a named street
};

class CountyNamer {
 public:
  CountyNamer(Rng& rng, NameBook& book, const CountyDef& c) : rng_(rng), book_(book), cn_(Str(c.name)) {
    for (auto s : c.streets) streets_.push_back(s);
    for (auto s : kCommonStreets)
      if (std::find(streets_.begin(), streets_.end(), s) == streets_.end()) streets_.push_back(s);
    for (auto t : c.towns) (IsSubdistrict(t) ? subdistricts_ : townships_).push_back(t);
    if (subdistricts_.empty()) subdistricts_ = townships_;
    if (townships_.empty()) townships_ = subdistricts_;
  }

  Naming Name(const Plan& p) {
    Naming n;
    // Urban schools stand in a subdistrict of the seat; town and village schools in a township;
    // fringe schools in either.
    switch (p.location) {
      case LocationClass::kUrban: n.town = Str(rng_.Pick(subdistricts_)); break;
      case LocationClass::kTown:
      case LocationClass::kRural: n.town = Str(rng_.Pick(townships_)); break;
      case LocationClass::kFringe:
        n.town = Str(rng_.Chance(500) ? rng_.Pick(subdistricts_) : rng_.Pick(townships_));
        break;
    }
    const bool urban = p.location == LocationClass::kUrban;
    const bool town = p.location == LocationClass::kTown;
    const bool priv = p.ownership == Ownership::kPrivate;
    const std::string in_town = cn_ + n.town;

    switch (p.type) {
      case SchoolType::kKindergarten:
        if (priv)
          n.name = Branded(urban ? cn_ : in_town, "幼儿园", n);
        else if (p.anchor)
          n.name = book_.Ladder(cn_, "实验幼儿园", "实验幼儿园");
        else if (urban && rng_.Chance(100))
          n.name = book_.Ladder(cn_, "实验幼儿园", "实验幼儿园");
        else if (urban && rng_.Chance(80) && book_.Take(cn_ + "机关幼儿园"))
          n.name = cn_ + "机关幼儿园";
        else if (urban)
          n.name = OnStreet("幼儿园", n);
        else if (town)
          n.name = InTown(in_town, "幼儿园", "中心幼儿园", "幼儿园", n);
        else
          n.name = InVillage(in_town, "幼儿园", "中心幼儿园", "幼儿园", n);
        break;
      case SchoolType::kPrimary:
        if (priv)
          n.name = Branded(urban ? cn_ : in_town, "小学", n);
        else if (p.anchor)
          n.name = book_.Ladder(cn_, "实验小学", "实验小学");
        else if (urban)
          n.name = rng_.Chance(100) ? book_.Ladder(cn_, "实验小学", "实验小学") : OnStreet("小学", n);
        else if (town)
          n.name = InTown(in_town, "小学", "中心小学", "小学", n);
        else
          n.name = InVillage(in_town, "小学", "中心小学", "小学", n);
        break;
      case SchoolType::kJuniorMiddle:
        if (priv)
          n.name = Branded(urban ? cn_ : in_town, "中学", n);
        else if (p.anchor)
          n.name = book_.Ladder(cn_, "实验中学", "实验中学");
        else if (urban)
          n.name = rng_.Chance(500) ? book_.Ladder(cn_, "第一中学", "中学") : OnStreet("中学", n);
        else if (town)
          n.name = InTown(in_town, "中学", "初级中学", "初级中学", n);
        else
          n.name = InVillage(in_town, "中学", "初级中学", "初级中学", n);
        break;
      case SchoolType::kNineYear:
        if (priv)
          n.name = Branded(urban ? cn_ : in_town, "实验学校", n);
        else if (urban)
          n.name = rng_.Chance(300) ? book_.Ladder(cn_, "实验学校", "实验学校") : OnStreet("学校", n);
        else if (town)
          n.name = InTown(in_town, "学校", "中心学校", "学校", n);
        else
          n.name = InVillage(in_town, "学校", "九年一贯制学校", "学校", n);
        break;
      case SchoolType::kSeniorHigh:
        if (priv)
          n.name = Branded(cn_, "高级中学", n);
        else if (urban)
          n.name = book_.Ladder(cn_, "第一中学", "中学");
        else
          n.name = book_.Ladder(in_town, "高级中学", "高级中学");
        break;
      case SchoolType::kCompleteMiddle:
        if (priv)
          n.name = Branded(cn_, "中学", n);
        else if (urban)
          n.name = book_.Ladder(cn_, "第一中学", "中学");
        else
          n.name = book_.Ladder(in_town, "中学", "中学");
        break;
      case SchoolType::kVocational:
        if (priv)
          n.name = Branded(cn_, "职业学校", n);
        else if (book_.Take(cn_ + "职业中等专业学校"))
          n.name = cn_ + "职业中等专业学校";
        else if (book_.Take(cn_ + "职业教育中心学校"))
          n.name = cn_ + "职业教育中心学校";
        else
          n.name = book_.Ladder(cn_, "高级技工学校", "技工学校");
        break;
      case SchoolType::kSpecialEducation: n.name = book_.Ladder(cn_, "特殊教育学校", "特殊教育学校"); break;
      case SchoolType::kOffCampusTraining:
        if (!priv && book_.Take(cn_ + "青少年校外活动中心"))
          n.name = cn_ + "青少年校外活动中心";
        else if (!priv && book_.Take(cn_ + "青少年宫"))
          n.name = cn_ + "青少年宫";
        else
          n.name = Branded(cn_, rng_.Pick(kTrainingKinds), n);
        break;
      case SchoolType::kHigherEducation: n.name = book_.Ladder(cn_, "职业学院", "职业学院"); break;
    }
    return n;
  }

 private:
  // "<county><street><kind>", e.g. 临清市新华路幼儿园.
  std::string OnStreet(std::string_view kind, Naming& n) {
    for (int attempt = 0; attempt < 12; ++attempt) {
      std::string street = Str(rng_.Pick(streets_));
      if (book_.Take(cn_ + street + Str(kind))) {
        n.street = street;
        return cn_ + street + Str(kind);
      }
    }
    return book_.Ladder(cn_, "第一" + Str(kind), kind);
  }
  // A school in the seat of a town: the town's 中心小学 (or similar), its 第二 and 第三, and beyond
  // those the schools are named after the village they stand in, as real ones are.
  std::string InTown(const std::string& in_town, std::string_view kind, std::string_view first, std::string_view rest,
                     Naming& n) {
    if (!book_.Has(in_town + "第三" + Str(rest))) return book_.Ladder(in_town, first, rest);
    return InVillage(in_town, kind, first, rest, n);
  }
  // "<county><town><village><kind>", e.g. 东阿县刘集镇后王庄小学; falls back to the town ladder.
  std::string InVillage(const std::string& in_town, std::string_view kind, std::string_view first,
                        std::string_view rest, Naming& n) {
    for (int attempt = 0; attempt < 12; ++attempt) {
      std::string village = Village(rng_);
      if (book_.Take(in_town + village + Str(kind))) {
        n.village = village;
        return in_town + village + Str(kind);
      }
    }
    return book_.Ladder(in_town, first, rest);
  }
  // "<prefix><brand><kind>", e.g. 莘县阳光幼儿园; then with a street, then numbered.
  std::string Branded(const std::string& prefix, std::string_view kind, Naming& n) {
    for (int attempt = 0; attempt < 8; ++attempt) {
      std::string name = prefix + Str(rng_.Pick(kBrands)) + Str(kind);
      if (book_.Take(name)) return name;
    }
    for (int attempt = 0; attempt < 8; ++attempt) {
      std::string street = Str(rng_.Pick(streets_));
      std::string name = prefix + street + Str(rng_.Pick(kBrands)) + Str(kind);
      if (book_.Take(name)) {
        n.street = street;
        return name;
      }
    }
    return book_.Ladder(prefix + Str(rng_.Pick(kBrands)), Str(kind), kind);
  }

  Rng& rng_;
  NameBook& book_;
  std::string cn_;
  std::vector<std::string_view> streets_, subdistricts_, townships_;
};

std::string Address(Rng& rng, std::string_view county, const Naming& n, LocationClass loc) {
  std::string a = "山东省" + Str(kCityName) + Str(county) + n.town;
  if (!n.village.empty()) return a + n.village + "村";
  if (!n.street.empty() || loc == LocationClass::kUrban) {
    std::string street = n.street.empty() ? Str(rng.Pick(kCommonStreets)) : n.street;
    return a + street + std::to_string(rng.Between(1, 399)) + "号";
  }
  if (loc == LocationClass::kTown) return a + Str(rng.Pick(kTownStreets)) + std::to_string(rng.Between(1, 199)) + "号";
  return a + Village(rng) + "村";
}

// Folds `v` back into [lo, hi] like a reflection, so that points beyond an edge do not pile up on it.
int Reflect(int v, int lo, int hi) {
  if (v > hi) v = hi - (v - hi);
  if (v < lo) v = lo + (lo - v);
  return std::clamp(v, lo, hi);
}

// A point near the seat (urban) or anywhere in the county, kept inside the city's bounding box.
void PlaceOnMap(Rng& rng, int lat_micro, int lon_micro, LocationClass loc, domain::School& s) {
  const int spread = loc == LocationClass::kUrban ? 30000 : loc == LocationClass::kFringe ? 60000 : 160000;
  const int lat = Reflect(lat_micro + static_cast<int>(rng.Between(-spread, spread)), 35800000, 36900000);
  const int lon = Reflect(lon_micro + static_cast<int>(rng.Between(-spread, spread)), 115300000, 116600000);
  s.latitude = Degrees(lat);
  s.longitude = Degrees(lon);
}

void FillPeople(Rng& rng, domain::School& s) {
  s.principal_name = PersonName(rng);
  s.principal_phone = LandLine(rng);
  do s.safety_officer_name = PersonName(rng);
  while (s.safety_officer_name == s.principal_name);
  s.safety_officer_phone = Mobile(rng);
}

// School codes: "3137" + two-digit unit index (00 = city-direct, 01–11 = the county-level units in
// the order of Counties()) + a four-digit sequence with small random gaps, the way real codes thin
// out as schools close and merge. Codes therefore sort by unit, and unit by unit.
class CodeSequence {
 public:
  CodeSequence(Rng& rng, int unit) : rng_(rng), unit_(unit), next_(static_cast<int>(rng.Between(1000, 1999))) {}
  std::string Next() {
    const int seq = next_;
    next_ += static_cast<int>(rng_.Between(1, 3));
    assert(seq <= 9999);
    std::string s = std::to_string(seq);
    std::string u = std::to_string(unit_);
    return "3137" + std::string(2 - u.size(), '0') + u + s;
  }

 private:
  Rng& rng_;
  int unit_;
  int next_;
};

std::vector<DemoSchool> CityDirectSchools(Rng& rng, NameBook& book) {
  std::vector<DemoSchool> out;
  CodeSequence codes(rng, 0);
  for (const CityDirectDef& d : CityDirect()) {
    book.Take(Str(d.name));
    DemoSchool ds;
    ds.parent_key = "city";
    domain::School& s = ds.school;
    s.code = codes.Next();
    s.name = Str(d.name);
    s.type = d.type;
    s.ownership = d.ownership;
    s.location_class = LocationClass::kUrban;
    s.boarding = DrawBoarding(rng, d.type, s.location_class);
    s.student_count = DrawStudents(rng, d.type, s.location_class);
    s.address = "山东省" + Str(kCityName) + Str(kCityArea) + Str(d.street) + std::to_string(rng.Between(1, 399)) + "号";
    PlaceOnMap(rng, kCityLat, kCityLon, s.location_class, s);
    FillPeople(rng, s);
    out.push_back(std::move(ds));
  }
  return out;
}

// How many schools each county-level unit has: the base size with a seed-dependent jitter of up to
// ±6; 东昌府区 (the first) absorbs the difference so that the city keeps exactly 3,043.
std::vector<int> CountySizes(Rng& rng) {
  const auto& counties = Counties();
  std::vector<int> sizes;
  int sum = 0;
  for (std::size_t i = 0; i < counties.size(); ++i) {
    int n = counties[i].base_schools + (i == 0 ? 0 : static_cast<int>(rng.Between(-6, 6)));
    sizes.push_back(n);
    sum += n;
  }
  sizes[0] += kTotalSchools - static_cast<int>(CityDirect().size()) - sum;
  return sizes;
}

std::vector<DemoSchool> CountySchools(Rng& rng, NameBook& book, const CountyDef& c, int unit, int n) {
  std::vector<Plan> plans = PlanTypes(rng, c, n);
  DrawAttributes(rng, c, plans);
  CountyNamer namer(rng, book, c);
  const std::string key = "county:" + Str(c.code);

  std::vector<DemoSchool> out;
  out.reserve(plans.size());
  for (const Plan& p : plans) {
    DemoSchool ds;
    ds.parent_key = key;
    domain::School& s = ds.school;
    Naming naming = namer.Name(p);
    s.name = std::move(naming.name);
    s.type = p.type;
    s.ownership = p.ownership;
    s.location_class = p.location;
    s.boarding = DrawBoarding(rng, p.type, p.location);
    s.student_count = DrawStudents(rng, p.type, p.location);
    s.address = Address(rng, c.name, naming, p.location);
    PlaceOnMap(rng, c.lat_micro, c.lon_micro, p.location, s);
    FillPeople(rng, s);
    out.push_back(std::move(ds));
  }
  // Codes were handed out over the years in no particular order of type.
  rng.Shuffle(out);
  CodeSequence codes(rng, unit);
  for (DemoSchool& ds : out) ds.school.code = codes.Next();
  return out;
}

std::vector<DemoUser> Users(const std::string& demo_school_code) {
  const std::string school_scope = "school:" + demo_school_code;
  return {
      {"admin", "周文博", domain::Role::kAdmin, "province", "聊城市教育和体育局信息中心"},
      {"city.officer", "王建国", domain::Role::kBureauOfficer, "city", "聊城市教体局安全科"},
      {"county.officer", "刘振华", domain::Role::kBureauOfficer, "county:371524", "东阿县教体局安全股"},
      {"inspector", "张立新", domain::Role::kInspector, "county:371524", "东阿县人民政府教育督导室"},
      {"expert", "孙海涛", domain::Role::kExpert, "city", "聊城市消防救援支队"},
      {"school.officer", Str(kSafetyOfficerName), domain::Role::kSchoolOfficer, school_scope, Str(kDemoSchoolName)},
      {"principal", Str(kPrincipalName), domain::Role::kPrincipal, school_scope, Str(kDemoSchoolName)},
      {"auditor", "杨慧敏", domain::Role::kAuditor, "city", "聊城市审计局"},
  };
}

}  // namespace

DemoCity GenerateDemoCity(std::uint64_t seed) {
  Rng rng(seed);
  DemoCity city;

  city.orgs.push_back({"province", "", domain::OrgKind::kProvince, "山东省", "370000"});
  city.orgs.push_back({"city", "province", domain::OrgKind::kCity, Str(kCityName), "371500"});
  for (const CountyDef& c : Counties())
    city.orgs.push_back({"county:" + Str(c.code), "city", domain::OrgKind::kCounty, Str(c.name), Str(c.code)});

  NameBook book;
  city.schools = CityDirectSchools(rng, book);
  const std::vector<int> sizes = CountySizes(rng);
  for (std::size_t i = 0; i < Counties().size(); ++i) {
    auto schools = CountySchools(rng, book, Counties()[i], static_cast<int>(i) + 1, sizes[i]);
    std::move(schools.begin(), schools.end(), std::back_inserter(city.schools));
  }
  std::sort(city.schools.begin(), city.schools.end(),
            [](const DemoSchool& a, const DemoSchool& b) { return a.school.code < b.school.code; });
  assert(city.schools.size() == static_cast<std::size_t>(kTotalSchools));

  // The demo school: its principal and safety officer are the demo users of those roles.
  std::string demo_code;
  for (DemoSchool& ds : city.schools) {
    if (ds.school.name != kDemoSchoolName) continue;
    ds.school.principal_name = Str(kPrincipalName);
    ds.school.safety_officer_name = Str(kSafetyOfficerName);
    demo_code = ds.school.code;
  }
  assert(!demo_code.empty());  // every county's flagship primary is "<county>实验小学"
  city.users = Users(demo_code);
  return city;
}

}  // namespace anxiao::app
