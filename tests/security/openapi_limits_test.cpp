// Every text and list a request may carry has a limit stated in api/openapi.json, and the stated
// limits are the ones the server enforces.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "core/improvement.h"
#include "core/json_input.h"
#include "core/policy.h"
#include "core/warning.h"
#include "store/embedded.h"

using namespace tongbao;
using nlohmann::json;

namespace {

class RequestSchemas {
 public:
  explicit RequestSchemas(const json& doc) : doc_(doc) {}

  // Walks a request body's schema; `where` names the place for the failure message.
  void check(const json& schema, const std::string& where, bool top = false) {
    if (schema.contains("$ref")) {
      const auto name = schema["$ref"].get<std::string>().substr(std::string("#/components/schemas/").size());
      if (seen_.insert(name).second) check(doc_["components"]["schemas"][name], name, top);
      return;
    }
    for (const char* key : {"oneOf", "anyOf", "allOf"})
      if (schema.contains(key))
        for (const auto& s : schema[key]) check(s, where, top);
    const auto type = schema.value("type", "");
    if (type == "string" && !top && !schema.contains("enum") && schema.value("format", "") != "binary")
      EXPECT_TRUE(schema.contains("maxLength")) << where << " states no maxLength";
    if (type == "array") {
      EXPECT_TRUE(schema.contains("maxItems")) << where << " states no maxItems";
      if (schema.contains("items")) check(schema["items"], where + "[]");
    }
    if (schema.contains("properties"))
      for (const auto& [name, property] : schema["properties"].items()) check(property, where + "." + name);
  }
  long long checked() const { return static_cast<long long>(seen_.size()); }

 private:
  const json& doc_;
  std::set<std::string> seen_;
};

const json& document() {
  static const json doc = json::parse(embedded::openapi_document());
  return doc;
}
const json& schema(const char* name) { return document()["components"]["schemas"][name]; }

}  // namespace

TEST(OpenApiLimits, EveryTextAndListOfARequestHasOne) {
  RequestSchemas schemas(document());
  for (const auto& [path, operations] : document()["paths"].items())
    for (const auto& [method, op] : operations.items())
      if (op.is_object() && op.contains("requestBody"))
        for (const auto& [type, content] : op["requestBody"]["content"].items())
          if (content.contains("schema")) schemas.check(content["schema"], method + " " + path, true);
  EXPECT_GT(schemas.checked(), 10);
}

TEST(OpenApiLimits, StatedLimitsAreTheEnforcedOnes) {
  EXPECT_EQ(schema("IncidentReport")["properties"]["description"]["maxLength"], core::kMaxTextLength);
  EXPECT_EQ(schema("IncidentReport")["properties"]["hosts"]["maxItems"], core::kMaxListItems);
  for (const char* impact : {"Impact", "LevelAssessmentRequest"}) {
    EXPECT_EQ(schema(impact)["properties"]["criteria"]["maxItems"], core::kMaxLevelCriteria) << impact;
    EXPECT_EQ(schema(impact)["properties"]["criteria"]["items"]["maxLength"], core::kMaxCriterionKeyLength) << impact;
  }
  EXPECT_EQ(schema("WarningInput")["properties"]["evidence"]["maxLength"], core::kMaxWarningEvidence);
  EXPECT_EQ(schema("WarningInput")["properties"]["description"]["maxLength"], core::kMaxWarningDescription);
  EXPECT_EQ(schema("WarningInput")["properties"]["addresses"]["maxItems"], core::kMaxWarningAddresses);
  EXPECT_EQ(schema("WarningReply")["properties"]["ids"]["maxItems"], core::kMaxRepliesPerRequest);
  EXPECT_EQ(schema("ImprovementInput")["properties"]["finding"]["maxLength"], core::kMaxImprovementText);
  EXPECT_EQ(schema("ImprovementInput")["properties"]["owner_person"]["maxLength"], core::kMaxImprovementShort);
  EXPECT_EQ(schema("ImprovementSource")["properties"]["reference"]["maxLength"], core::kMaxImprovementShort);
  const auto& bulk = document()["paths"]["/api/v1/warnings"]["post"]["requestBody"]["content"]["application/json"]["schema"]["oneOf"];
  bool found = false;
  for (const auto& alternative : bulk)
    if (alternative.value("type", "") == "array") found = alternative["maxItems"] == core::kMaxWarningsPerRequest;
  EXPECT_TRUE(found) << "the bulk form of POST /api/v1/warnings states its limit";
}
