#include "http/org_json.hpp"

#include <gtest/gtest.h>

#include "http/json_writer.hpp"

namespace anxiao::http {
namespace {

app::OrgView County() {
  app::OrgView v;
  v.org.id = "org_371524";
  v.org.parent_id = "org_371500";
  v.org.kind = domain::OrgKind::kCounty;
  v.org.name = "东阿县";
  v.org.code = "371524";
  v.school_count = 143;
  v.path = {{"org_370000", "山东省", domain::OrgKind::kProvince},
            {"org_371500", "聊城市", domain::OrgKind::kCity},
            {"org_371524", "东阿县", domain::OrgKind::kCounty}};
  return v;
}

TEST(OrgJson, WriterGivesTheSameBytesAsTheJsonTree) {
  auto v = County();
  std::string out;
  JsonWriter w(&out);
  WriteOrgJson(w, v);
  EXPECT_EQ(out, OrgJson(v).dump());
}

TEST(OrgJson, RootWithoutParentAndNoCrumbs) {
  app::OrgView v;
  v.org.id = "org_root";
  v.org.kind = domain::OrgKind::kProvince;
  v.org.name = "山东省";
  v.org.code = "370000";
  std::string out;
  JsonWriter w(&out);
  WriteOrgJson(w, v);
  EXPECT_EQ(out, OrgJson(v).dump());
  EXPECT_NE(out.find("\"parent_id\":null"), std::string::npos);
  EXPECT_NE(out.find("\"path\":[]"), std::string::npos);
}

TEST(OrgJson, EscapesLikeNlohmann) {
  auto v = County();
  v.org.name = std::string("引号\"反斜杠\\换行\n制表\t回车\r退格\b换页\f") + '\x01' + '\x1f' + "\x7f" + "🙂/";
  v.path[0].name = "\"";
  std::string out;
  JsonWriter w(&out);
  WriteOrgJson(w, v);
  EXPECT_EQ(out, OrgJson(v).dump());
  EXPECT_EQ(Json::parse(out)["name"], v.org.name);
}

TEST(OrgJson, ListOfOrgs) {
  std::vector<app::OrgView> items{County(), County()};
  items[1].org.id = "org_371525";
  items[1].school_count = 0;
  Json tree{{"items", Json::array({OrgJson(items[0]), OrgJson(items[1])})}};
  EXPECT_EQ(OrgListJson(items), tree.dump());
  EXPECT_EQ(OrgListJson({}), Json({{"items", Json::array()}}).dump());
}

TEST(JsonWriter, NestingAndScalars) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject().Key("a").BeginArray().Int(1).Int(-2).Bool(true).Null().BeginObject().EndObject().EndArray();
  w.Field("b", std::int64_t{9007199254740993}).Key("c").BeginArray().EndArray().EndObject();
  EXPECT_EQ(out, R"({"a":[1,-2,true,null,{}],"b":9007199254740993,"c":[]})");
}

}  // namespace
}  // namespace anxiao::http
