#include "office/zip_archive.h"

#include <zip.h>

#include <stdexcept>

#include "core/error.h"

namespace tongbao::office {

bool looks_like_zip(std::string_view bytes) { return bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4); }

struct ZipReader::Archive {
  zip_t* zip = nullptr;
  ~Archive() {
    if (zip) zip_discard(zip);  // read only: nothing to write back
  }
};

ZipReader::ZipReader(std::string_view bytes, std::string what, ZipLimits limits)
    : archive_(std::make_unique<Archive>()), what_(std::move(what)), limits_(limits) {
  if (!looks_like_zip(bytes)) refuse("is not a zip archive");
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (!source) {
    zip_error_fini(&error);
    throw std::bad_alloc();
  }
  // ZIP_CHECKCONS: the central directory must agree with the local headers.
  archive_->zip = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
  zip_error_fini(&error);
  if (!archive_->zip) {
    zip_source_free(source);
    refuse("is not a readable zip archive");
  }
  const auto entries = zip_get_num_entries(archive_->zip, 0);
  if (entries < 0 || static_cast<std::size_t>(entries) > limits_.max_entries)
    refuse("holds more than " + std::to_string(limits_.max_entries) + " parts");
}

ZipReader::~ZipReader() = default;

void ZipReader::refuse(const std::string& why) const {
  throw core::Error(core::ErrorKind::invalid, "invalid_file", what_ + " " + why, "body");
}

std::optional<std::string> ZipReader::read(const std::string& name) {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(archive_->zip, name.c_str(), 0, &st) != 0) return std::nullopt;
  if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) refuse("is encrypted");
  // The declared size is a first check only; the reading below counts what really comes out.
  if ((st.valid & ZIP_STAT_SIZE) && st.size > limits_.max_entry_bytes)
    refuse("has a part larger than " + std::to_string(limits_.max_entry_bytes / (1024 * 1024)) + " MB unpacked (" + name + ")");
  zip_file_t* file = zip_fopen_index(archive_->zip, st.index, 0);
  if (!file) refuse("has a part that cannot be unpacked (" + name + ")");
  std::string out;
  char buffer[64 * 1024];
  for (;;) {
    const auto n = zip_fread(file, buffer, sizeof buffer);
    if (n < 0) {
      zip_fclose(file);
      refuse("is damaged (" + name + ")");
    }
    if (n == 0) break;
    out.append(buffer, static_cast<std::size_t>(n));
    if (out.size() > limits_.max_entry_bytes || total_read_ + out.size() > limits_.max_total_bytes) {
      zip_fclose(file);
      refuse("unpacks to more than the " + std::to_string(limits_.max_entry_bytes / (1024 * 1024)) +
             " MB a part or " + std::to_string(limits_.max_total_bytes / (1024 * 1024)) + " MB in all that are read");
    }
  }
  // zip_fclose reports a CRC that does not match what was read.
  if (zip_fclose(file) != 0) refuse("is damaged (" + name + ")");
  total_read_ += out.size();
  return out;
}

std::string write_zip(const std::vector<ZipEntry>& entries) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* target = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (!target) throw std::bad_alloc();
  zip_source_keep(target);  // still needed after zip_close, to read the archive out of it
  zip_t* zip = zip_open_from_source(target, ZIP_TRUNCATE, &error);
  zip_error_fini(&error);
  auto fail = [&](const char* what) {
    if (zip) zip_discard(zip);
    zip_source_free(target);
    throw std::runtime_error(std::string("writing a zip archive: ") + what);
  };
  if (!zip) fail("cannot open");
  for (const auto& e : entries) {
    // The content stays alive until zip_close, which is when libzip reads it.
    zip_source_t* part = zip_source_buffer(zip, e.content.data(), e.content.size(), 0);
    if (!part) fail("cannot add a part");
    if (zip_file_add(zip, e.name.c_str(), part, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) < 0) {
      zip_source_free(part);
      fail("cannot add a part");
    }
  }
  if (zip_close(zip) != 0) fail("cannot close");
  zip = nullptr;
  std::string out;
  zip_stat_t st;
  if (zip_source_open(target) != 0 || zip_source_stat(target, &st) != 0) fail("cannot read back");
  out.resize(st.size);
  const auto n = zip_source_read(target, out.data(), st.size);
  zip_source_close(target);
  zip_source_free(target);
  if (n < 0 || static_cast<zip_uint64_t>(n) != st.size) throw std::runtime_error("writing a zip archive: short read");
  return out;
}

}  // namespace tongbao::office
