#pragma once
// The ticket list as CSV. Without `lang` it keeps the codes and UTC times programs read; with
// lang=zh-TW or lang=en it is for people opening it in Excel: headers in that language, names
// beside the codes, times in Taipei as the application shows them.
#include <optional>
#include <string>

#include "core/ticket_labels.h"
#include "http/message.h"
#include "store/incident_store.h"

namespace tongbao::api {

// The language asked for by `lang`; none when absent; 400 for any other value.
std::optional<core::Language> csv_language(const http::Request& req);

void append_ticket_csv_header(std::string& out, const std::optional<core::Language>& lang);
void append_ticket_csv_row(std::string& out, const store::incidents::Summary& s, const std::optional<core::Language>& lang);

}  // namespace tongbao::api
