// Stored documents parsed once: the same text is not parsed again while it is kept, memory stays
// within two generations, and a text that does not parse is never kept.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "store/parsed_documents.h"

namespace {

int parses = 0;

std::string parse_upper(const std::string& text) {
  ++parses;
  if (text == "broken") throw std::invalid_argument("not a document");
  std::string out = text;
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

TEST(ParsedDocuments, ATextIsParsedOnceWhileItIsKept) {
  parses = 0;
  tongbao::store::ParsedDocuments<std::string> cache(&parse_upper, 1024);
  EXPECT_EQ(cache.get("report"), "REPORT");
  EXPECT_EQ(cache.get("report"), "REPORT");
  EXPECT_EQ(cache.get("other"), "OTHER");
  EXPECT_EQ(parses, 2);
}

TEST(ParsedDocuments, OnlyTwoGenerationsAreKeptAndWhatIsReadOftenStays) {
  parses = 0;
  tongbao::store::ParsedDocuments<std::string> cache(&parse_upper, 10);  // ten bytes of text per generation
  cache.get("aaaaa");
  cache.get("bbbbb");  // the young generation is full
  cache.get("ccccc");  // aaaaa and bbbbb are now the old generation
  EXPECT_EQ(parses, 3);
  cache.get("aaaaa");  // found in the old generation, moved to the young one
  EXPECT_EQ(parses, 3);
  cache.get("ddddd");  // young full again: ccccc and aaaaa become old, bbbbb is dropped
  cache.get("aaaaa");
  EXPECT_EQ(parses, 4) << "aaaaa was kept, being read";
  cache.get("bbbbb");
  EXPECT_EQ(parses, 5) << "bbbbb was dropped with the oldest generation";
  cache.get(std::string(11, 'x'));
  cache.get(std::string(11, 'x'));
  EXPECT_EQ(parses, 7) << "a text larger than a generation is not kept";
}

TEST(ParsedDocuments, ATextThatDoesNotParseIsNeverKept) {
  parses = 0;
  tongbao::store::ParsedDocuments<std::string> cache(&parse_upper, 1024);
  EXPECT_THROW(cache.get("broken"), std::invalid_argument);
  EXPECT_THROW(cache.get("broken"), std::invalid_argument);
  EXPECT_EQ(parses, 2);
}
