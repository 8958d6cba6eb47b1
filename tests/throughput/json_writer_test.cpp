// The JSON writer gives the text the JSON library's dump gives for the same values: commas and
// colons in place, every control character and quote escaped, UTF-8 kept, a stray byte replaced.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/json_writer.h"

using nlohmann::json;
using tongbao::core::JsonWriter;

namespace {

std::string dumped(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace

TEST(JsonWriter, NestedObjectsAndArraysComeOutAsTheLibraryDumpsThem) {
  JsonWriter w;
  w.begin_object();
  w.key("a").begin_array().number(1).number(-2).boolean(true).null().begin_object().end_object().begin_array().end_array().end_array();
  w.key("b").begin_object().key("c").string("d").key("e").raw(R"({"f":[1,2]})").end_object();
  w.key("g").strings({"x", "y"});
  w.key("h").strings({});
  w.end_object();
  const auto text = w.take();
  EXPECT_EQ(text, dumped(json::parse(text)));
  EXPECT_EQ(json::parse(text), json::parse(R"({"a":[1,-2,true,null,{},[]],"b":{"c":"d","e":{"f":[1,2]}},"g":["x","y"],"h":[]})"));
}

TEST(JsonWriter, EveryCharacterIsEscapedAsTheLibraryEscapesIt) {
  std::string all;
  for (int c = 1; c < 0x80; ++c) all += static_cast<char>(c);
  all += std::string(1, '\0') + "中文 «quotes» \u2028";
  for (const std::string& text : {all, std::string("a\"b\\c/d"), std::string("bad \xff\xfe byte"), std::string()}) {
    JsonWriter w;
    w.begin_array().string(text).end_array();
    EXPECT_EQ(w.take(), dumped(json::array({text}))) << text;
  }
}

TEST(JsonWriter, KeysAreEscapedToo) {
  JsonWriter w;
  w.begin_object().key("a\"b\n").number(1).end_object();
  EXPECT_EQ(w.take(), dumped(json{{"a\"b\n", 1}}));
}

// Plain bytes are passed over eight at a time: a byte that needs escaping, or the first byte
// above 0x7F (which has the whole text checked), is found at any place in a word and at any
// length, after plain ASCII or after UTF-8 already checked.
TEST(JsonWriter, ASpecialByteIsFoundAtEveryPlaceInAWord) {
  const std::vector<std::string> specials = {"\"", "\\", "\n", std::string(1, '\0'), "\x1f", "\x7f", "中", "\xff", "\xc3"};
  for (const std::string& before : {std::string(), std::string("é"), std::string("漢字")}) {
    for (const auto& special : specials) {
      for (std::size_t length = 0; length <= 24; ++length) {
        for (std::size_t at = 0; at <= length; ++at) {
          std::string text = before + std::string(length, 'a');
          text.insert(before.size() + at, special);
          JsonWriter w;
          w.begin_array().string(text).end_array();
          ASSERT_EQ(w.take(), dumped(json::array({text}))) << "special " << static_cast<int>(static_cast<unsigned char>(special[0]))
                                                            << " at " << at << " of " << length << " after '" << before << "'";
        }
      }
    }
  }
}
