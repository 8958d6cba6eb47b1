#pragma once
// Zip archives held in memory, as Word and Excel files (OOXML) are. Reading is bounded, because
// the archive comes from outside: a zip bomb, a file of a million parts or a damaged one is
// refused with core::Error (invalid, field "body") before it costs memory or time.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tongbao::office {

struct ZipLimits {
  std::size_t max_entries = 256;                     // an Excel workbook has about a dozen parts
  std::size_t max_entry_bytes = 16 * 1024 * 1024;    // one part, uncompressed
  std::size_t max_total_bytes = 32 * 1024 * 1024;    // every part read, uncompressed
};

// Whether the bytes begin as a zip archive does ("PK\3\4"): how an upload is told from CSV.
bool looks_like_zip(std::string_view bytes);

class ZipReader {
 public:
  // `bytes` must outlive the reader. `what` names the file in error messages ("the workbook").
  ZipReader(std::string_view bytes, std::string what, ZipLimits limits = {});
  ~ZipReader();
  ZipReader(const ZipReader&) = delete;
  ZipReader& operator=(const ZipReader&) = delete;

  // A part's uncompressed bytes, or nothing when the archive has no such part. Stops reading,
  // and refuses the file, as soon as the part or all parts together pass the limits, whatever
  // size the archive declares.
  std::optional<std::string> read(const std::string& name);

 private:
  [[noreturn]] void refuse(const std::string& why) const;
  struct Archive;
  std::unique_ptr<Archive> archive_;
  std::string what_;
  ZipLimits limits_;
  std::size_t total_read_ = 0;
};

struct ZipEntry {
  std::string name;
  std::string content;
};
// A new archive holding the entries, deflated, in their order.
std::string write_zip(const std::vector<ZipEntry>& entries);

}  // namespace tongbao::office
