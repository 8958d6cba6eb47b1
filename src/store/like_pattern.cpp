#include "store/like_pattern.h"

namespace tongbao::store {
namespace {

std::string escaped(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  for (char c : text) {
    if (c == '\\' || c == '%' || c == '_') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

std::string like_anywhere(std::string_view text) { return "%" + escaped(text) + "%"; }
std::string like_prefix(std::string_view text) { return escaped(text) + "%"; }

}  // namespace tongbao::store
