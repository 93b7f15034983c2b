#include <gtest/gtest.h>

#include <map>
#include <set>

#include "base/canonical_json.hpp"
#include "base/ed25519.hpp"
#include "base/password.hpp"
#include "base/pinyin.hpp"
#include "base/random.hpp"
#include "base/sha256.hpp"
#include "base/strings.hpp"
#include "base/time.hpp"

namespace anxiao {
namespace {

// RFC 8032 §7.1, test 1 (empty message); libsodium's secret key is seed ‖ public key.
TEST(Ed25519, Rfc8032Vector) {
  const std::string pk = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
  const std::string sk = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60" + pk;
  const std::string sig =
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24"
      "655141438e7a100b";
  EXPECT_EQ(Ed25519Sign("", sk), sig);
  EXPECT_TRUE(Ed25519Verify("", sig, pk));
}

TEST(Ed25519, RejectsAlteredMessageSignatureOrKey) {
  const auto kp = NewEd25519KeyPair();
  const auto other = NewEd25519KeyPair();
  const std::string sig = Ed25519Sign("report", kp.secret_key_hex);
  ASSERT_EQ(sig.size(), 128u);
  EXPECT_TRUE(Ed25519Verify("report", sig, kp.public_key_hex));
  EXPECT_FALSE(Ed25519Verify("Report", sig, kp.public_key_hex));
  EXPECT_FALSE(Ed25519Verify("report", sig, other.public_key_hex));
  std::string flipped = sig;
  flipped[0] = flipped[0] == '0' ? '1' : '0';
  EXPECT_FALSE(Ed25519Verify("report", flipped, kp.public_key_hex));
  EXPECT_FALSE(Ed25519Verify("report", "zz", kp.public_key_hex));
  EXPECT_EQ(Ed25519Sign("report", "00"), "");
}

TEST(Sha256, KnownVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, IncrementalEqualsOneShot) {
  Sha256 h;
  h.Update("a");
  h.Update("bc");
  EXPECT_EQ(ToHex(h.Finish()), Sha256Hex("abc"));
  h.Update("abc");  // reusable after Finish
  EXPECT_EQ(ToHex(h.Finish()), Sha256Hex("abc"));
}

TEST(Hex, RejectsOddLengthAndNonHex) {
  std::string out;
  EXPECT_FALSE(FromHex("abc", &out));
  EXPECT_FALSE(FromHex("zz", &out));
  EXPECT_TRUE(FromHex("00ff", &out));
  EXPECT_EQ(out, std::string("\x00\xff", 2));
}

TEST(Time, FormatsUtcWithMilliseconds) {
  EXPECT_EQ(FormatIso(Timestamp{0}), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatIso(Timestamp{1700000000123}), "2023-11-14T22:13:20.123Z");
}

TEST(Time, ParseRoundTrips) {
  auto t = ParseIso("2024-02-29T23:59:59.999Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(FormatIso(*t), "2024-02-29T23:59:59.999Z");
}

TEST(Time, ParseRejectsMalformed) {
  EXPECT_FALSE(ParseIso("2023-02-29T00:00:00.000Z"));  // not a leap year
  EXPECT_FALSE(ParseIso("2024-01-01T24:00:00.000Z"));
  EXPECT_FALSE(ParseIso("2024-01-01 00:00:00.000Z"));
  EXPECT_FALSE(ParseIso("2024-01-01T00:00:00Z"));
  EXPECT_FALSE(ParseDate("2024-13-01"));
  EXPECT_FALSE(ParseDate("2024-1-01"));
}

TEST(Time, ChinaDayEndsAtSixteenUtc) {
  // 2026-11-29 ends at 2026-11-29T16:00:00Z (midnight CST).
  EXPECT_EQ(FormatIso(EndOfChinaDay(Date{2026, 11, 29})), "2026-11-29T16:00:00.000Z");
  EXPECT_EQ(ChinaDateOf(*ParseIso("2026-11-29T15:59:59.999Z")), (Date{2026, 11, 29}));
  EXPECT_EQ(ChinaDateOf(*ParseIso("2026-11-29T16:00:00.000Z")), (Date{2026, 11, 30}));
}

TEST(CanonicalJson, SortsKeysAndHasNoWhitespace) {
  Json j = {{"b", 1}, {"a", "东阿"}, {"c", {{"z", true}, {"y", nullptr}}}};
  EXPECT_EQ(Canonical(j), "{\"a\":\"东阿\",\"b\":1,\"c\":{\"y\":null,\"z\":true}}");
}

TEST(CanonicalJson, EscapesControlCharactersLowercase) {
  Json j = std::string("a\nb\x01\"");
  EXPECT_EQ(Canonical(j), "\"a\\nb\\u0001\\\"\"");
}

TEST(CanonicalJson, RejectsFloatsAndBadUtf8) {
  EXPECT_FALSE(CanonicalChecked(Json{{"x", 1.5}}));
  EXPECT_FALSE(CanonicalChecked(Json(std::string("\xff"))));
}

TEST(ParseJson, ReportsMalformed) {
  auto r = ParseJson("{\"a\":");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().slug, "malformed_json");
}

TEST(Pinyin, PolyphonicPlaceNamesUseOverrides) {
  auto p = ToPinyin("东阿县实验小学");
  EXPECT_EQ(p.full, "dongexianshiyanxiaoxue");
  EXPECT_EQ(p.initials, "dexsyxx");
  EXPECT_EQ(ToPinyin("莘县第二中学").initials, "sxdezx");
  EXPECT_EQ(ToPinyin("冠县").full, "guanxian");
}

TEST(Pinyin, KeepsAsciiRuns) {
  auto p = ToPinyin("聊城123中学");
  EXPECT_EQ(p.full, "liaocheng123zhongxue");
  EXPECT_EQ(p.initials, "lc1zx");
}

TEST(Password, Argon2idRoundTrip) {
  auto h = HashPassword("anxiao-demo", PasswordCost::kTest);
  EXPECT_EQ(h.rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(CheckPassword(h, "anxiao-demo"));
  EXPECT_FALSE(CheckPassword(h, "anxiao-demo2"));
  EXPECT_FALSE(CheckPassword("garbage", "x"));
}

TEST(Ids, SeededIdsAreDeterministic) {
  SeededIds a(42), b(42), c(43);
  auto x = a.Next("sch");
  EXPECT_EQ(x, b.Next("sch"));
  EXPECT_NE(x, c.Next("sch"));
  EXPECT_EQ(x.size(), 4u + 16u);
}

// Live ids: the prefix, "_" and 16 characters of the base32 alphabet, every character about equally
// often (32,000 characters: each of the 32 expected 1,000 times, standard deviation about 31; the
// bounds are more than six deviations away).
TEST(Ids, RandomIdsUseTheWholeAlphabetEvenly) {
  RandomIds ids;
  std::map<char, int> seen;
  std::set<std::string> distinct;
  for (int i = 0; i < 2000; ++i) {
    const std::string id = ids.Next("hz");
    ASSERT_EQ(id.size(), 3u + 16u);
    ASSERT_EQ(id.rfind("hz_", 0), 0u);
    for (char c : id.substr(3)) {
      ASSERT_TRUE((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7')) << id;
      ++seen[c];
    }
    distinct.insert(id);
  }
  EXPECT_EQ(distinct.size(), 2000u);
  EXPECT_EQ(seen.size(), 32u);
  for (const auto& [c, n] : seen) {
    EXPECT_GT(n, 800) << c;
    EXPECT_LT(n, 1200) << c;
  }
}

TEST(Strings, RedactsUrlPasswords) {
  EXPECT_EQ(RedactUrl("postgresql://u:secret@127.0.0.1:5432/db"), "postgresql://u:***@127.0.0.1:5432/db");
  EXPECT_EQ(RedactUrl("postgresql://127.0.0.1/db"), "postgresql://127.0.0.1/db");
}

TEST(Strings, Utf8Validation) {
  EXPECT_TRUE(IsValidUtf8("东阿"));
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));      // overlong
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));  // surrogate
  EXPECT_EQ(Utf8Length("东阿a"), 3u);
}

}  // namespace
}  // namespace anxiao
