#pragma once
// Name-based UUIDs (RFC 4122 version 5, SHA-1): the same name in the same namespace always gives
// the same identifier, so an object exported twice keeps its id.
#include <memory>
#include <string>
#include <string_view>

struct evp_md_ctx_st;

namespace tongbao::core {

// Lower-case text "xxxxxxxx-xxxx-5xxx-yxxx-xxxxxxxxxxxx"; `ns` is a UUID in text form.
std::string uuid5(std::string_view ns, std::string_view name);

// The same for a name given in pieces (a document written as it is sent, too large to hold):
// the pieces' concatenation gives the same identifier as uuid5 of it whole.
class Uuid5InPieces {
 public:
  explicit Uuid5InPieces(std::string_view ns);
  void add(std::string_view piece);
  std::string text();  // once, after the last piece

 private:
  struct Free {
    void operator()(evp_md_ctx_st* ctx) const;
  };
  std::unique_ptr<evp_md_ctx_st, Free> sha1_;
};

}  // namespace tongbao::core
