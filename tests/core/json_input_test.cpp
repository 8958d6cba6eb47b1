#include "core/json_input.h"

#include <gtest/gtest.h>

#include "core/error.h"

using tongbao::core::JsonInput;
using tongbao::core::Error;

namespace {
std::pair<std::string, std::string> code_and_field(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return {e.code(), e.field()};
  }
  return {"ok", ""};
}
}  // namespace

TEST(JsonInput, NamesTheFieldAtFault) {
  EXPECT_EQ(code_and_field([] { JsonInput("{bad json", {"a"}); }), std::make_pair(std::string("malformed_json"), std::string("body")));
  EXPECT_EQ(code_and_field([] { JsonInput("[1,2]", {"a"}); }).first, "malformed_json");
  EXPECT_EQ(code_and_field([] { JsonInput(R"({"a":1,"zzz":2})", {"a"}); }),
            std::make_pair(std::string("unknown_field"), std::string("zzz")));
  EXPECT_EQ(code_and_field([] { JsonInput(R"({})", {"a"}).required_string("a"); }),
            std::make_pair(std::string("missing_field"), std::string("a")));
  EXPECT_EQ(code_and_field([] { JsonInput(R"({"a":5})", {"a"}).required_string("a"); }),
            std::make_pair(std::string("invalid_type"), std::string("a")));
  EXPECT_EQ(code_and_field([] { JsonInput(R"({"a":["x",1]})", {"a"}).optional_string_list("a"); }),
            std::make_pair(std::string("invalid_type"), std::string("a")));
}

TEST(JsonInput, ReadsValues) {
  JsonInput in(R"({"s":"x","b":true,"n":null,"l":["p","q"]})", {"s", "b", "n", "l"});
  EXPECT_EQ(in.required_string("s"), "x");
  EXPECT_EQ(in.optional_bool("b"), true);
  EXPECT_TRUE(in.is_null("n"));
  EXPECT_FALSE(in.optional_string("n"));
  EXPECT_EQ(in.optional_string_list("l")->size(), 2u);
}
