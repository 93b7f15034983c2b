#include "domain/checklist_catalog.hpp"

namespace anxiao::domain {
namespace {

using C = HazardCategory;
constexpr RiskLevel R = RiskLevel::kRed;
constexpr RiskLevel O = RiskLevel::kOrange;
constexpr RiskLevel Y = RiskLevel::kYellow;
constexpr RiskLevel B = RiskLevel::kBlue;

// The rules items come from (full titles, so that an inspector can look them up).
constexpr const char* kFireLaw = "《中华人民共和国消防法》";
constexpr const char* kFire61 = "《机关、团体、企业、事业单位消防安全管理规定》（公安部令第61号）";
constexpr const char* kGB50016 = "GB 50016-2014《建筑设计防火规范》（2018年版）";
constexpr const char* kGB50140 = "GB 50140-2005《建筑灭火器配置设计规范》";
constexpr const char* kGB51309 = "GB 51309-2018《消防应急照明和疏散指示系统技术标准》";
constexpr const char* kGB25201 = "GB 25201-2010《建筑消防设施的维护管理》";
constexpr const char* kSafety23 = "《中小学幼儿园安全管理办法》（教育部等十部门令第23号）";
constexpr const char* kPost = "《中小学校岗位安全工作指南》（教育部 2019）";
constexpr const char* kGB50099 = "GB 50099-2011《中小学校设计规范》";
constexpr const char* kJGJ125 = "JGJ 125-2016《危险房屋鉴定标准》";
constexpr const char* kFood45 = "《学校食品安全与营养健康管理规定》（教育部等三部门令第45号）";
constexpr const char* kFoodOps = "《餐饮服务食品安全操作规范》（市场监管总局 2018）";
constexpr const char* kFoodLaw = "《中华人民共和国食品安全法》";
constexpr const char* kBus617 = "《校车安全管理条例》（国务院令第617号）";
constexpr const char* kGB24407 = "GB 24407-2012《专用校车安全技术条件》";
constexpr const char* kRoadLaw = "《中华人民共和国道路交通安全法》";
constexpr const char* kChem591 = "《危险化学品安全管理条例》（国务院令第591号）";
constexpr const char* kChem154 = "《易制爆危险化学品治安管理办法》（公安部令第154号）";
constexpr const char* kGB15603 = "GB 15603-2022《危险化学品仓库储存通则》";
constexpr const char* kLabNotice = "《教育部办公厅关于加强中小学实验室安全管理的通知》";
constexpr const char* kSecurity = "《中小学幼儿园安全防范工作规范（试行）》（公安部 教育部 2015）";
constexpr const char* kGB29315 = "GB/T 29315-2022《中小学、幼儿园安全技术防范系统要求》";
constexpr const char* kGuard = "《保安服务管理条例》（国务院令第564号）";
constexpr const char* kDrown = "《教育部办公厅关于做好预防中小学生溺水工作的通知》";
constexpr const char* kEpiLaw = "《中华人民共和国传染病防治法》";
constexpr const char* kGB28932 = "GB 28932-2012《中小学校传染病预防控制工作管理规范》";
constexpr const char* kHealth = "《学校卫生工作条例》";
constexpr const char* kEvent505 = "《大型群众性活动安全管理条例》（国务院令第505号）";

struct Row {
  const char* code;
  C category;
  const char* text;
  const char* basis;
  RiskLevel risk;
  bool photo;
};

// clang-format off
constexpr Row kRows[] = {
    // 消防安全
    {"FIRE-01", C::kFire, "疏散通道、安全出口畅通，无堆放杂物、锁闭或封堵", kFireLaw, O, true},
    {"FIRE-02", C::kFire, "灭火器按场所配置齐全，压力指针在绿区且在有效期内", kGB50140, Y, true},
    {"FIRE-03", C::kFire, "室内消火栓箱未被遮挡、圈占，水带水枪齐全，出水正常", kFireLaw, Y, true},
    {"FIRE-04", C::kFire, "应急照明和疏散指示标志完好，断电后能正常点亮", kGB51309, Y, true},
    {"FIRE-05", C::kFire, "火灾自动报警、喷淋等消防设施每年至少检测一次并有检测报告", kGB25201, O, false},
    {"FIRE-06", C::kFire, "消防控制室24小时双人值班，值班人员持证上岗", kFire61, O, false},
    {"FIRE-07", C::kFire, "电气线路无私拉乱接、老化破损，配电箱前无可燃物", kGB50016, O, true},
    {"FIRE-08", C::kFire, "电动自行车集中停放充电，未在楼道、楼梯间、安全出口停放或充电", kFireLaw, O, true},
    {"FIRE-09", C::kFire, "学校制定灭火和应急疏散预案，每学期至少组织一次疏散演练", kSafety23, Y, false},
    {"FIRE-10", C::kFire, "开展每日防火巡查，有巡查记录，发现问题及时处置", kFire61, B, false},
    {"FIRE-11", C::kFire, "教学楼、宿舍楼门窗未设置影响逃生和灭火救援的铁栅栏等障碍物", kFireLaw, O, true},
    {"FIRE-12", C::kFire, "消防车通道畅通，未被占用、堵塞或设置障碍", kGB50016, O, true},
    {"FIRE-13", C::kFire, "厨房燃气管道、阀门完好，安装可燃气体报警装置，烟道定期清洗", kGB50016, O, true},
    {"FIRE-14", C::kFire, "明确消防安全责任人和管理人，教职工会报警、会使用灭火器、会组织疏散", kFire61, B, false},
    // 校舍及设施
    {"BLD-01", C::kBuildings, "校舍经安全鉴定，无C级、D级危房仍在使用", kJGJ125, R, true},
    {"BLD-02", C::kBuildings, "围墙、挡土墙无开裂、倾斜、倒塌风险", kJGJ125, O, true},
    {"BLD-03", C::kBuildings, "外墙瓷砖、抹灰、装饰构件无空鼓脱落风险", kJGJ125, O, true},
    {"BLD-04", C::kBuildings, "上人屋面、外廊、楼梯、平台等临空处防护栏杆高度不低于1.10米且牢固", kGB50099, O, true},
    {"BLD-05", C::kBuildings, "临空窗台高度不低于0.90米，低窗台有防护措施", kGB50099, Y, true},
    {"BLD-06", C::kBuildings, "楼梯扶手牢固，楼梯井宽度大于0.11米时有防攀滑措施", kGB50099, Y, true},
    {"BLD-07", C::kBuildings, "教室吊扇、灯具、投影仪等固定牢固，无坠落风险", kPost, Y, true},
    {"BLD-08", C::kBuildings, "体育器材（篮球架、单双杠、球门）无锈蚀松动，固定可靠", kPost, Y, true},
    {"BLD-09", C::kBuildings, "屋面、墙体无渗漏，渗漏处电气线路无受潮隐患", kJGJ125, B, true},
    {"BLD-10", C::kBuildings, "防雷装置经检测合格并在有效期内", kSafety23, Y, false},
    {"BLD-11", C::kBuildings, "在建工程与教学区有效隔离，施工区设置硬质围挡和警示标志", kSafety23, O, true},
    {"BLD-12", C::kBuildings, "学校建立校舍安全检查制度，每学期开学前后开展全面检查并记录", kSafety23, B, false},
    {"BLD-13", C::kBuildings, "教学用房内楼梯、走道地面防滑，雨雪天设置防滑提示", kGB50099, B, true},
    // 食品安全
    {"FOOD-01", C::kFood, "食堂取得食品经营许可证并在有效期内，公示在显著位置", kFoodLaw, O, true},
    {"FOOD-02", C::kFood, "从业人员持有效健康证明上岗，每日晨检并记录", kFood45, O, false},
    {"FOOD-03", C::kFood, "每餐次每品种留样不少于125克，冷藏保存48小时以上并记录", kFoodOps, Y, true},
    {"FOOD-04", C::kFood, "落实进货查验和索证索票，建立食品及原料进货台账", kFood45, O, false},
    {"FOOD-05", C::kFood, "生熟食品及其工具、容器分开存放使用并有明显标识", kFoodOps, Y, true},
    {"FOOD-06", C::kFood, "库房食品分类、离地离墙存放，无过期变质食品", kFoodOps, Y, true},
    {"FOOD-07", C::kFood, "餐用具清洗消毒设施运转正常，消毒后保洁存放", kFoodOps, Y, true},
    {"FOOD-08", C::kFood, "食品添加剂专柜存放、专人管理、专用台账", kFood45, Y, false},
    {"FOOD-09", C::kFood, "落实学校相关负责人陪餐制度，有陪餐记录", kFood45, B, false},
    {"FOOD-10", C::kFood, "实行明厨亮灶，加工操作过程可视", kFood45, B, true},
    {"FOOD-11", C::kFood, "防鼠、防蝇、防虫设施完好，无鼠迹虫害", kFoodOps, Y, true},
    {"FOOD-12", C::kFood, "制定食品安全事故应急预案，明确食品安全管理人员", kFood45, Y, false},
    {"FOOD-13", C::kFood, "校外供餐单位资质合法，签订供餐合同并对配送过程进行查验", kFood45, O, false},
    // 校车及交通
    {"BUS-01", C::kTraffic, "校车取得校车使用许可，校车标牌在有效期内", kBus617, R, true},
    {"BUS-02", C::kTraffic, "校车驾驶人取得校车驾驶资格，按期体检，无违法记分满分记录", kBus617, O, false},
    {"BUS-03", C::kTraffic, "校车配备随车照管人员，清点乘车学生人数并登记", kBus617, O, false},
    {"BUS-04", C::kTraffic, "校车未超员，每名学生一个座位并系好安全带", kBus617, R, true},
    {"BUS-05", C::kTraffic, "校车安全带、安全锤、灭火器、急救箱等安全设备齐全有效", kGB24407, Y, true},
    {"BUS-06", C::kTraffic, "校车按期进行安全技术检验，有检验合格记录", kBus617, O, false},
    {"BUS-07", C::kTraffic, "校车卫星定位装置和车内外录像监控设备工作正常", kGB24407, Y, false},
    {"BUS-08", C::kTraffic, "校车按审定的线路、站点和时间运行", kBus617, Y, false},
    {"BUS-09", C::kTraffic, "校门口道路设置减速带、警示标志和人行横道", kRoadLaw, Y, true},
    {"BUS-10", C::kTraffic, "上下学高峰时段设置护学岗，接送车辆不在校门口乱停乱放", kSafety23, B, true},
    {"BUS-11", C::kTraffic, "学校不使用无牌无证、报废车辆或农用车辆接送学生", kBus617, R, true},
    {"BUS-12", C::kTraffic, "每学期开展交通安全教育，学生不骑电动自行车上下学（未满16周岁）", kRoadLaw, B, false},
    // 实验室及危化品
    {"LAB-01", C::kLabChemicals, "危险化学品专库或专柜存放，实行双人双锁管理", kChem591, R, true},
    {"LAB-02", C::kLabChemicals, "危险化学品出入库登记，账物相符，领用有双人签字", kChem591, O, false},
    {"LAB-03", C::kLabChemicals, "易制爆、易制毒化学品按规定备案，存放场所符合治安防范要求", kChem154, R, false},
    {"LAB-04", C::kLabChemicals, "化学品按性质分类存放，禁忌物料不混存，标签清晰", kGB15603, O, true},
    {"LAB-05", C::kLabChemicals, "实验室通风橱、排风设备运转正常", kLabNotice, Y, true},
    {"LAB-06", C::kLabChemicals, "实验废液、废弃化学品分类收集，委托有资质单位处置", kChem591, Y, true},
    {"LAB-07", C::kLabChemicals, "实验室配备洗眼器、急救箱和灭火毯，洗眼器出水正常", kLabNotice, Y, true},
    {"LAB-08", C::kLabChemicals, "实验室安全制度和操作规程上墙，分组实验有教师全程指导", kLabNotice, B, false},
    {"LAB-09", C::kLabChemicals, "实验室电气线路、插座完好，大功率设备独立供电", kLabNotice, Y, true},
    {"LAB-10", C::kLabChemicals, "实验室管理人员经过危险化学品安全培训", kChem591, B, false},
    {"LAB-11", C::kLabChemicals, "高压气瓶固定存放，有防倾倒措施并定期检验", kLabNotice, O, true},
    {"LAB-12", C::kLabChemicals, "不存放超出教学需要的剧毒化学品，剧毒品按规定管理或清理", kChem591, R, false},
    // 安保门卫
    {"SEC-01", C::kSecurity, "按规定配备专职保安员，保安员持证上岗", kGuard, O, false},
    {"SEC-02", C::kSecurity, "门卫室配备钢叉、盾牌、防割手套、防刺服、警棍等防卫器械", kSecurity, Y, true},
    {"SEC-03", C::kSecurity, "校门口设置防冲撞设施（隔离桩、升降柱等）", kGB29315, O, true},
    {"SEC-04", C::kSecurity, "一键式紧急报警装置与公安机关联网，测试正常", kGB29315, O, false},
    {"SEC-05", C::kSecurity, "视频监控覆盖校门、周界和重点部位，图像保存不少于30天", kGB29315, Y, true},
    {"SEC-06", C::kSecurity, "实行外来人员和车辆登记核验制度，有登记记录", kSafety23, Y, false},
    {"SEC-07", C::kSecurity, "上下学时段实行护学岗制度，安排人员在校门值守", kSecurity, Y, false},
    {"SEC-08", C::kSecurity, "周界围墙、护栏完整，无可随意进出的缺口", kSecurity, Y, true},
    {"SEC-09", C::kSecurity, "夜间有值班巡逻，巡逻记录完整", kSecurity, B, false},
    {"SEC-10", C::kSecurity, "制定防范暴力恐怖和校园欺凌的应急预案并组织演练", kSafety23, Y, false},
    {"SEC-11", C::kSecurity, "校园周边200米内无网吧、娱乐场所等不适宜学生活动的场所", kSafety23, B, false},
    {"SEC-12", C::kSecurity, "学校与属地派出所建立警校联动机制，设立警务室或联络员", kSecurity, B, false},
    // 宿舍
    {"DORM-01", C::kDormitory, "宿舍设置宿管人员，24小时值班，夜间定时查寝并记录", kPost, O, false},
    {"DORM-02", C::kDormitory, "宿舍内无违规使用大功率电器、私拉乱接电线", kFireLaw, O, true},
    {"DORM-03", C::kDormitory, "宿舍安全出口不少于两个，夜间未上锁封闭", kGB50016, R, true},
    {"DORM-04", C::kDormitory, "宿舍门窗未设置影响逃生的防盗网或铁栅栏，或设有从内部易于开启的装置", kFireLaw, O, true},
    {"DORM-05", C::kDormitory, "床铺牢固，上铺安全护栏高度符合要求", kGB50099, Y, true},
    {"DORM-06", C::kDormitory, "每间宿舍居住人数不超过核定人数，人均面积符合要求", kGB50099, Y, false},
    {"DORM-07", C::kDormitory, "宿舍楼道、楼梯间设置应急照明和疏散指示标志", kGB51309, Y, true},
    {"DORM-08", C::kDormitory, "男女生宿舍分区或分楼管理，外来人员不得进入", kSafety23, Y, false},
    {"DORM-09", C::kDormitory, "宿舍楼每学期至少组织一次夜间疏散演练", kSafety23, Y, false},
    {"DORM-10", C::kDormitory, "宿舍楼内无吸烟、使用明火、焚烧物品等现象", kFireLaw, Y, true},
    {"DORM-11", C::kDormitory, "寄宿学生请假、离校、返校登记和家校联系制度落实", kPost, B, false},
    {"DORM-12", C::kDormitory, "宿舍用电设置限流保护，插座安装位置合理", kGB50016, Y, true},
    // 防溺水
    {"DRWN-01", C::kDrowning, "落实“六不”防溺水教育，开学、放假前专题教育全覆盖", kDrown, Y, false},
    {"DRWN-02", C::kDrowning, "寒暑假、节假日前向家长发放《致家长的一封信》并回收回执", kDrown, B, false},
    {"DRWN-03", C::kDrowning, "排查学校周边河流、坑塘、水库等危险水域并建立台账", kDrown, Y, false},
    {"DRWN-04", C::kDrowning, "危险水域设置警示标志和防护设施，配备救生器材", kDrown, O, true},
    {"DRWN-05", C::kDrowning, "配合属地建立危险水域巡查机制，重点时段有人巡查", kDrown, Y, false},
    {"DRWN-06", C::kDrowning, "学校游泳池有救生员和救生设施，水质和安全管理符合要求", kSafety23, O, true},
    {"DRWN-07", C::kDrowning, "留守儿童等重点学生建立关爱台账，落实监护责任", kDrown, Y, false},
    {"DRWN-08", C::kDrowning, "校园内水池、景观池、蓄水设施设置护栏或覆盖", kSafety23, O, true},
    {"DRWN-09", C::kDrowning, "开展防溺水自救互救知识教育和应急演练", kDrown, B, false},
    {"DRWN-10", C::kDrowning, "学生上下学途经危险水域路段时有安全提示和接送安排", kDrown, Y, false},
    {"DRWN-11", C::kDrowning, "组织学生外出活动时不安排涉水项目，或有专门安全保障", kSafety23, Y, false},
    {"DRWN-12", C::kDrowning, "放假期间学生动态掌握，班主任定期与家长联系", kDrown, B, false},
    // 疫情防控
    {"EPI-01", C::kEpidemic, "建立传染病疫情报告制度，明确疫情报告人", kGB28932, O, false},
    {"EPI-02", C::kEpidemic, "落实晨午检和因病缺勤追踪登记制度", kGB28932, Y, false},
    {"EPI-03", C::kEpidemic, "新生入学查验预防接种证，有补种记录", kEpiLaw, Y, false},
    {"EPI-04", C::kEpidemic, "教室、宿舍、食堂定时通风，公共区域按要求消毒并记录", kGB28932, Y, false},
    {"EPI-05", C::kEpidemic, "设置临时隔离观察室，配备必要防护物资", kGB28932, O, true},
    {"EPI-06", C::kEpidemic, "洗手设施数量足够，配备洗手液或肥皂", kHealth, B, true},
    {"EPI-07", C::kEpidemic, "饮用水设施定期清洗消毒，二次供水水质检测合格", kHealth, O, false},
    {"EPI-08", C::kEpidemic, "制定传染病防控应急预案并开展演练", kGB28932, Y, false},
    {"EPI-09", C::kEpidemic, "卫生室或保健室配备专（兼）职卫生人员", kHealth, Y, false},
    {"EPI-10", C::kEpidemic, "病愈返校学生查验复课证明", kGB28932, Y, false},
    {"EPI-11", C::kEpidemic, "开展健康教育，传染病防治知识宣传覆盖全体师生", kHealth, B, false},
    {"EPI-12", C::kEpidemic, "卫生厕所清洁，粪便和垃圾及时清运处置", kHealth, B, true},
    // 大型活动
    {"EVT-01", C::kLargeEvents, "大型活动制定安全工作方案和应急预案，明确安全责任人", kEvent505, O, false},
    {"EVT-02", C::kLargeEvents, "活动场地容量核定，参加人数不超过核定容量", kEvent505, R, false},
    {"EVT-03", C::kLargeEvents, "临时搭建的舞台、看台经验收合格，结构牢固", kEvent505, R, true},
    {"EVT-04", C::kLargeEvents, "活动场所疏散通道、出入口畅通，设置疏散引导人员", kEvent505, O, true},
    {"EVT-05", C::kLargeEvents, "集会、集体上下楼时安排教师在楼梯口值守，防止拥挤踩踏", kSafety23, O, false},
    {"EVT-06", C::kLargeEvents, "室外活动有防雷、防暑、防寒等气象应对措施", kSafety23, Y, false},
    {"EVT-07", C::kLargeEvents, "校外研学、社会实践活动报批，签订安全协议，落实带队教师", kSafety23, O, false},
    {"EVT-08", C::kLargeEvents, "组织学生外出使用具有资质的客运车辆和驾驶人", kRoadLaw, R, false},
    {"EVT-09", C::kLargeEvents, "活动现场配备医护人员和急救药品器材", kEvent505, Y, false},
    {"EVT-10", C::kLargeEvents, "体育运动会等活动前检查场地器材，对学生进行安全提示", kPost, Y, true},
    {"EVT-11", C::kLargeEvents, "活动临时用电由专业电工安装，线路和配电箱有防护", kEvent505, O, true},
    {"EVT-12", C::kLargeEvents, "按规定向属地公安机关报告或申请安全许可", kEvent505, Y, false},
};
// clang-format on

std::vector<ChecklistItem> Build() {
  std::vector<ChecklistItem> out;
  for (const auto& r : kRows) out.push_back(ChecklistItem{r.code, r.category, r.text, r.basis, r.risk, r.photo});
  return out;
}

std::vector<ChecklistItem> Of(HazardCategory c) {
  std::vector<ChecklistItem> out;
  for (const auto& i : CatalogItems())
    if (i.category == c) out.push_back(i);
  return out;
}

}  // namespace

const std::vector<ChecklistItem>& CatalogItems() {
  static const std::vector<ChecklistItem> items = Build();
  return items;
}

const std::vector<CatalogTemplate>& CatalogTemplates() {
  static const std::vector<CatalogTemplate> t = [] {
    std::vector<CatalogTemplate> out{
        {"fire", "消防安全检查表", C::kFire, Of(C::kFire)},
        {"buildings", "校舍及设施安全检查表", C::kBuildings, Of(C::kBuildings)},
        {"food", "食品安全检查表", C::kFood, Of(C::kFood)},
        {"traffic", "校车及交通安全检查表", C::kTraffic, Of(C::kTraffic)},
        {"lab_chemicals", "实验室及危险化学品安全检查表", C::kLabChemicals, Of(C::kLabChemicals)},
        {"security", "安保门卫检查表", C::kSecurity, Of(C::kSecurity)},
        {"dormitory", "学生宿舍安全检查表", C::kDormitory, Of(C::kDormitory)},
        {"drowning", "防溺水工作检查表", C::kDrowning, Of(C::kDrowning)},
        {"epidemic", "疫情防控检查表", C::kEpidemic, Of(C::kEpidemic)},
        {"large_events", "大型活动安全检查表", C::kLargeEvents, Of(C::kLargeEvents)},
    };
    // The thematic fire-safety self-inspection: the items a school can check by itself.
    CatalogTemplate self{"fire_self", "消防安全自查表", C::kFire, {}};
    for (const auto& i : Of(C::kFire))
      if (i.code != "FIRE-05" && i.code != "FIRE-06") self.items.push_back(i);
    out.push_back(std::move(self));
    return out;
  }();
  return t;
}

}  // namespace anxiao::domain
