// An audit's findings register (POST /improvements/audit-register): what the import accepts,
// exported again (GET /improvements/audit-register writes the same columns and a status), imports
// as the same rows.
#include "core/audit_register.h"
#include "core/error.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tongbao::core;
  const auto& categories = default_improvement_categories();
  std::vector<AuditRegisterRow> rows;
  try {
    rows = parse_audit_register(tongbao::fuzz::text_of(data, size), categories);
  } catch (const Error& e) {
    FUZZ_CHECK(!e.row_errors.empty() || e.kind() == ErrorKind::payload_too_large);
    return 0;
  }
  std::vector<AuditRegisterExportRow> out;
  for (const auto& r : rows) {
    std::string label;
    for (const auto& c : categories)
      if (c.key == r.category) label = c.label_zh;
    FUZZ_CHECK(!label.empty());
    ImprovementItem it;
    it.input.planned_on = r.planned_on;
    it.status = r.done ? ImprovementStatus::done : ImprovementStatus::planned;
    out.push_back({r.item, label, r.reference, r.group, r.finding, r.measure, register_completion(it),
                   std::string(register_status_label(it.status))});
  }
  std::vector<AuditRegisterRow> again;
  try {
    again = parse_audit_register(write_audit_register(out), categories);
  } catch (const Error&) {
    FUZZ_CHECK(!"an exported register imports again");
  }
  FUZZ_CHECK(again.size() == rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto &a = rows[i], &b = again[i];
    FUZZ_CHECK(a.item == b.item && a.category == b.category && a.reference == b.reference && a.group == b.group);
    FUZZ_CHECK(a.finding == b.finding && a.measure == b.measure && a.planned_on == b.planned_on && a.done == b.done);
  }
  return 0;
}
