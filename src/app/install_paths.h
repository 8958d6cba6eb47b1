#pragma once
// What the server ships with (the web application, the country database) is found beside its
// binary, in the source tree it was built in or in an installation, whatever folder it was started
// from: a server started by systemd from / must serve its web pages and statistics like one started
// from the source tree.
#include <initializer_list>
#include <optional>
#include <string>

namespace tongbao::app {

// The first of `relative` (paths from the binary's folder, then from the working folder) that
// holds `must_hold` (a file name inside it, or "" when the path itself is the file).
std::optional<std::string> find_beside_binary(std::initializer_list<const char*> relative, const char* must_hold = "");

}  // namespace tongbao::app
