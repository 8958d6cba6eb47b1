// Blocked addresses: block (one or thousands), list, unblock request and decision, and the feed
// firewalls poll.
#include "api/caller.h"
#include "api/paging.h"
#include "api/request_params.h"
#include "api/responses.h"
#include "api/routes.h"
#include "api/unit_refs.h"
#include "auth/tokens.h"
#include "core/error.h"
#include "core/json_input.h"
#include "core/time_format.h"

namespace tongbao::api {
namespace {

using core::JsonInput;
using nlohmann::json;

json time_or_null(const std::optional<core::TimeMs>& t) { return t ? json(core::format_utc(*t)) : json(nullptr); }

core::BlockInput parse_block(const JsonInput& in) {
  core::BlockInput b;
  b.prefix = in.required_string("prefix");
  b.reason = in.optional_string("reason", core::kMaxBlockReason * 4).value_or("");
  b.warning_id = in.optional_integer("warning_id");
  b.incident_id = in.optional_integer("incident_id");
  b.expires_at = in.optional_time("expires_at");
  return b;
}

json evidence_json(const store::blocks::Evidence& e) {
  return {{"id", e.id},
          {"file_name", e.file_name},
          {"declared_type", e.declared_type},
          {"size_bytes", e.size_bytes},
          {"sha256", e.sha256},
          {"uploaded_by", e.uploaded_by},
          {"uploaded_at", core::format_utc(e.uploaded_at)},
          {"download", "/api/v1/blocks/evidence/" + std::to_string(e.id)}};
}

json block_json(const core::Block& b, core::TimeMs now, UnitRefs& units) {
  json out = {{"id", b.id},
              {"prefix", b.prefix},
              {"unit", units(b.unit_id)},
              {"centre", units(b.centre_unit_id)},
              {"reason", b.reason},
              {"warning_id", b.warning_id ? json(*b.warning_id) : json(nullptr)},
              {"incident_id", b.incident_id ? json(*b.incident_id) : json(nullptr)},
              {"state", core::to_string(b.state)},
              {"in_force", b.in_force(now)},
              {"expired", b.state != core::BlockState::unblocked && b.expires_at && *b.expires_at <= now},
              {"blocked_by", b.blocked_by},
              {"blocked_at", core::format_utc(b.blocked_at)},
              {"expires_at", time_or_null(b.expires_at)},
              {"request", nullptr},
              {"decision", nullptr},
              {"unblocked_at", time_or_null(b.unblocked_at)},
              {"updated_at", core::format_utc(b.updated_at)}};
  if (b.requested_at)
    out["request"] = {{"actions", b.request_actions}, {"note", b.request_note}, {"by", b.requested_by},
                      {"at", core::format_utc(*b.requested_at)}};
  if (b.decided_at)
    out["decision"] = {{"reason", b.decision_reason}, {"by", b.decided_by}, {"at", core::format_utc(*b.decided_at)}};
  return out;
}

}  // namespace

void add_block_routes(http::Router& router, ApiContext& ctx) {
  // One block (an object) or many (an array), all or nothing.
  router.add("POST", "/api/v1/blocks", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    auto body = core::parse_json_body(req.body);
    const bool many = body.is_array();
    if (!many && !body.is_object())
      throw core::Error(core::ErrorKind::invalid, "malformed_json", "send a block object or an array of them", "body");
    if (many && body.size() > core::kMaxBlocksPerRequest)
      throw core::Error(core::ErrorKind::invalid, "too_many_items",
                        "at most " + std::to_string(core::kMaxBlocksPerRequest) + " blocks per request", "body");
    const std::initializer_list<std::string_view> fields = {"prefix", "reason", "warning_id", "incident_id", "expires_at"};
    std::vector<core::BlockInput> items;
    if (many) {
      for (size_t i = 0; i < body.size(); ++i)
        items.push_back(parse_block(JsonInput(body[i], "[" + std::to_string(i) + "]", fields)));
    } else {
      items.push_back(parse_block(JsonInput(body, "", fields)));
    }
    const auto results = ctx.blocks.block(p, items);
    UnitRefs units(ctx);
    const auto now = ctx.clock.now();
    json out = json::array();
    long long created = 0;
    for (const auto& r : results) {
      auto item = block_json(r.block, now, units);
      item["already_blocked"] = r.already_blocked;
      created += !r.already_blocked;
      out.push_back(std::move(item));
    }
    return json_response(201, many ? json{{"items", out}, {"created", created}} : out[0]);
  });

  router.add("GET", "/api/v1/blocks", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    containment::ListQuery q;
    if (auto s = req.query_param("standing"); !s.empty()) {
      if (s != "in_force" && s != "requested" && s != "ended")
        throw core::invalid("standing", "standing must be in_force, requested or ended");
      q.standing = s;
    }
    if (auto u = req.query_param("unit"); !u.empty()) q.unit_oid = u;
    q.blocked_by_me = flag_param(req, "mine");
    q.updated_since = updated_since_param(req);
    const auto paging = paging_of(req, 100, 1000);
    q.limit = paging.limit;
    q.offset = paging.offset;
    auto [list, total] = ctx.blocks.list(p, q);
    UnitRefs units(ctx);
    const auto now = ctx.clock.now();
    json items = json::array();
    for (const auto& b : list) items.push_back(block_json(b, now, units));
    return json_response(200, {{"items", items}, {"total", total}, {"limit", q.limit}, {"offset", q.offset}});
  });

  // What firewalls poll: the prefixes in force under the caller's unit (or ?unit= within it), as
  // text (one per line) or JSON; ETag and If-None-Match make an unchanged poll a 304.
  router.add("GET", "/api/v1/blocks/feed", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    const auto format = req.query_param("format", "text");
    if (format != "text" && format != "json") throw core::invalid("format", "format must be text or json");
    const auto unit = req.query_param("unit");
    const auto since = updated_since_param(req);
    const auto feed = ctx.blocks.feed(p, unit.empty() ? std::nullopt : std::optional(unit), since);
    // Several blocks (by several centres) may cover one prefix: the feed names it once.
    http::Response r;
    std::string tag_source;
    if (format == "text") {
      std::vector<std::string> prefixes;
      for (const auto& e : feed.entries)
        if (e.in_force && (prefixes.empty() || prefixes.back() != e.prefix)) prefixes.push_back(e.prefix);
      for (const auto& prefix : prefixes) tag_source += prefix + "\n";
      r.content_type = "text/plain; charset=utf-8";
      r.body = core::blocks_feed_text(prefixes, feed.title, feed.generated_at);
    } else {
      // Entries come sorted by prefix: each run of one prefix is in force if any block of it is.
      json in_force = json::array(), ended = json::array();
      for (size_t i = 0; i < feed.entries.size();) {
        size_t end = i;
        const store::blocks::FeedEntry* kept = nullptr;
        for (; end < feed.entries.size() && feed.entries[end].prefix == feed.entries[i].prefix; ++end)
          if (!kept && feed.entries[end].in_force) kept = &feed.entries[end];
        if (kept)
          in_force.push_back({{"prefix", kept->prefix}, {"unit_oid", kept->unit_oid},
                              {"blocked_at", core::format_utc(kept->blocked_at)}, {"expires_at", time_or_null(kept->expires_at)}});
        else
          ended.push_back(feed.entries[i].prefix);
        i = end;
      }
      const json body = {{"title", feed.title}, {"prefixes", in_force}, {"removed", ended}};
      tag_source = body.dump();
      r.body = json{{"title", feed.title}, {"generated_at", core::format_utc(feed.generated_at)},
                    {"updated_since", time_or_null(since)}, {"prefixes", in_force}, {"removed", ended}}
                   .dump();
    }
    // The tag follows the content, not the time it was made: an unchanged list is an unchanged tag.
    const auto etag = "\"" + auth::sha256_hex(format + "\n" + tag_source).substr(0, 32) + "\"";
    r.with_header("ETag", etag);
    r.with_header("Cache-Control", "no-cache");
    if (req.header("if-none-match") == etag) {
      r.status = 304;
      r.body.clear();
    }
    return r;
  });

  // How long the caller's centre lets addresses stay blocked before its figures count them apart.
  router.add("PUT", "/api/v1/blocks/limit", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    JsonInput in(req.body, {"days"});
    const auto days = in.optional_integer("days");
    if (!days) throw core::Error(core::ErrorKind::invalid, "missing_field", "field 'days' is required", "days");
    return json_response(200, {{"days", ctx.blocks.set_limit_days(p, *days)}});
  });

  // The curve of blocks in force per day, time to unblock, and blocks older than a limit.
  router.add("GET", "/api/v1/blocks/figures", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    constexpr core::TimeMs kDay = 86'400'000;
    const auto to = time_param(req, "to").value_or(ctx.clock.now() + 1);  // this millisecond included
    const auto from = time_param(req, "from").value_or(to - 90 * kDay);
    std::optional<long long> limit_days;
    if (auto text = req.query_param("longer_than_days"); !text.empty()) {
      try {
        size_t used = 0;
        limit_days = std::stoll(text, &used);
        if (used != text.size()) throw std::invalid_argument(text);
      } catch (const std::exception&) {
        limit_days = -1;
      }
    }
    const auto unit = req.query_param("unit");
    const auto f = ctx.blocks.figures(p, unit.empty() ? std::nullopt : std::optional(unit), from, to, limit_days);
    json curve = json::array();
    for (const auto& c : f.curve) curve.push_back({{"day", c.day}, {"in_force", c.in_force}});
    UnitRefs units(ctx);
    json by_unit = json::array();
    for (size_t i = 0; i < f.units.size() && i < 100; ++i) {
      const auto& u = f.units[i];
      by_unit.push_back({{"unit", units(u.unit_id)}, {"in_force", u.in_force}, {"longer_than_limit", u.longer_than_limit},
                         {"oldest_blocked_at", core::format_utc(u.oldest_blocked_at)}});
    }
    return json_response(
        200, {{"from", core::format_utc(from)},
              {"to", core::format_utc(to)},
              {"limit_days", f.limit_days},
              {"in_force_now", f.in_force_now},
              {"blocked_in_period", f.blocked_in_period},
              {"unblocked_in_period", f.unblocked_in_period},
              {"longer_than_limit", f.longer_than_limit},
              {"median_hours_to_unblock",
               f.median_to_unblock_ms ? json(static_cast<double>(*f.median_to_unblock_ms) / 3'600'000.0) : json(nullptr)},
              {"curve", curve},
              {"units", by_unit},
              {"units_with_blocks", f.units.size()}});
  });

  router.add("GET", "/api/v1/blocks/{id}", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    const auto id = path_id(req);
    UnitRefs units(ctx);
    auto out = block_json(ctx.blocks.get(p, id), ctx.clock.now(), units);
    json events = json::array();
    for (const auto& e : ctx.blocks.events(p, id))
      events.push_back({{"at", core::format_utc(e.at)}, {"by", e.actor}, {"action", e.action}, {"actions", e.actions},
                        {"note", e.note}});
    out["events"] = events;
    json evidence = json::array();
    for (const auto& e : ctx.block_evidence.list(p, id)) evidence.push_back(evidence_json(e));
    out["evidence"] = evidence;
    return json_response(200, out);
  });

  // The request body is the file itself; its name comes in the query string.
  router.add_streamed("POST", "/api/v1/blocks/{id}/evidence", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    containment::EvidenceUpload up;
    up.file_name = req.query_param("name");
    if (up.file_name.empty())
      throw core::Error(core::ErrorKind::invalid, "missing_field", "query parameter 'name' (the file name) is required", "name");
    up.declared_type = req.header("content-type");
    up.source_file = req.body_file;
    return json_response(201, evidence_json(ctx.block_evidence.add(p, path_id(req), up)));
  }, [&ctx](http::Request& req) -> std::optional<http::Response> {
    // Before a byte of the file is written: who is asking, and may they add to this block?
    ctx.block_evidence.check_can_add(require_caller(ctx, req), path_id(req));
    return std::nullopt;
  });

  router.add("GET", "/api/v1/blocks/evidence/{id}", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    auto [e, path] = ctx.block_evidence.file(p, path_id(req));
    return file_download(path, e.file_name, e.sha256);
  });

  router.add("POST", "/api/v1/blocks/{id}/unblock-request", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    JsonInput in(req.body, {"actions", "note"});
    const auto actions = in.optional_string_list("actions", 8, 32).value_or(std::vector<std::string>{});
    const auto note = in.optional_string("note", core::kMaxBlockNote * 4).value_or("");
    UnitRefs units(ctx);
    return json_response(200, block_json(ctx.blocks.request_unblock(p, path_id(req), actions, note), ctx.clock.now(), units));
  });

  router.add("POST", "/api/v1/blocks/{id}/decision", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    JsonInput in(req.body, {"decision", "reason"});
    const auto decision = in.required_string("decision");
    if (decision != "approve" && decision != "refuse") throw core::invalid("decision", "decision must be approve or refuse");
    const auto reason = in.optional_string("reason", core::kMaxBlockNote * 4).value_or("");
    UnitRefs units(ctx);
    return json_response(200, block_json(ctx.blocks.decide(p, path_id(req), decision == "approve", reason), ctx.clock.now(), units));
  });
}

}  // namespace tongbao::api
