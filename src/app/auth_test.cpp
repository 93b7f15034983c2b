#include "app/auth.hpp"

#include <gtest/gtest.h>

namespace anxiao::app {
namespace {

TEST(LoginThrottle, AllowsFailuresBelowTheLimit) {
  LoginThrottle t(5);
  for (int i = 0; i < 4; ++i) t.Failure("u:a", 1000);
  EXPECT_EQ(t.RetryAfter("u:a", 1000), 0);
}

TEST(LoginThrottle, LocksAtTheLimitAndDoubles) {
  LoginThrottle t(5);
  for (int i = 0; i < 5; ++i) t.Failure("u:a", 1000);
  EXPECT_EQ(t.RetryAfter("u:a", 1000), 30);
  EXPECT_EQ(t.RetryAfter("u:a", 31000), 0);
  t.Failure("u:a", 31000);
  EXPECT_EQ(t.RetryAfter("u:a", 31000), 60);
}

TEST(LoginThrottle, LockNeverExceedsFifteenMinutes) {
  LoginThrottle t(5);
  for (int i = 0; i < 40; ++i) t.Failure("u:a", 1000);
  EXPECT_EQ(t.RetryAfter("u:a", 1000), 15 * 60);
}

TEST(LoginThrottle, KeysAreIndependentAndSuccessClears) {
  LoginThrottle t(5);
  for (int i = 0; i < 5; ++i) t.Failure("u:a", 1000);
  EXPECT_EQ(t.RetryAfter("u:b", 1000), 0);
  t.Success("u:a");
  EXPECT_EQ(t.RetryAfter("u:a", 1000), 0);
}

TEST(LoginThrottle, WindowExpires) {
  LoginThrottle t(5);
  for (int i = 0; i < 4; ++i) t.Failure("u:a", 1000);
  t.Failure("u:a", 1000 + 16 * 60 * 1000);  // a new 15-minute window starts
  EXPECT_EQ(t.RetryAfter("u:a", 1000 + 16 * 60 * 1000), 0);
}

}  // namespace
}  // namespace anxiao::app
