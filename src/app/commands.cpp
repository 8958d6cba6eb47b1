#include "app/commands.h"

#include "app/install_paths.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>
#include <thread>

#include "api/context.h"
#include "api/routes.h"
#include "api/security_headers.h"
#include "app/audit_anchors.h"
#include "app/bootstrap.h"
#include "app/install_paths.h"
#include "app/file_limit.h"
#include "app/memory.h"
#include "app/scheduled_backup.h"
#include "containment/outbreak_alerts.h"
#include "audit/audit_log.h"
#include "auth/auth_service.h"
#include "auth/second_factor.h"
#include "core/second_factor_policy.h"
#include "core/error.h"
#include "http/server.h"
#include "incidents/ticket_audit.h"
#include "jobs/periodic_thread.h"
#include "jobs/scheduler.h"
#include "notify/audit_digest.h"
#include "notify/channels.h"
#include "notify/delivery.h"
#include "notify/incident_notifier.h"
#include "core/ip_range.h"
#include "core/time_format.h"
#include "notify/outbox.h"
#include "org/address_owners.h"
#include "org/organisation.h"
#include "store/contact_store.h"
#include "statistics/rollup_maintenance.h"
#include "core/policy_set.h"
#include "store/embedded.h"
#include "store/database_copy.h"
#include "store/migrations.h"
#include "store/open_database.h"
#include "store/postgres_database.h"
#include "warnings/warning_service.h"

namespace tongbao::app {
namespace {

std::unique_ptr<store::Database> open_database(const Config& config, bool migrate = true) {
  std::filesystem::create_directories(config.data_dir);
  return store::open_database(config.database_path(), migrate);
}

// The built web application: configured, or web/dist of the source tree the binary was built in
// (build/tongbao), or an installation's share/tongbao/web.
std::string find_web_root(const Config& config) {
  if (!config.web_root.empty()) return config.web_root;
  return find_beside_binary({"web/dist", "../web/dist", "../../web/dist", "../share/tongbao/web"}, "index.html")
      .value_or("");
}

// The configured country database, or the one ./scripts/install-dependencies puts in geoip/ of the
// source tree, or an installation's share/tongbao/country.mmdb.
std::unique_ptr<statistics::CountryDatabase> open_country_database(const Config& config) {
  if (!config.geoip_db.empty()) return std::make_unique<statistics::CountryDatabase>(config.geoip_db);
  const auto found = find_beside_binary(
      {"geoip/node_modules/@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb",
       "../geoip/node_modules/@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb",
       "../../geoip/node_modules/@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb",
       "../share/tongbao/country.mmdb"});
  if (found) return std::make_unique<statistics::CountryDatabase>(*found);
  std::cerr << "No country database found: source-country statistics are off (see --geoip-db).\n";
  return nullptr;
}

void print_error(const core::Error& e) {
  std::cerr << "error: " << e.what();
  if (!e.field().empty()) std::cerr << " (field: " << e.field() << ")";
  std::cerr << "\n";
  for (const auto& r : e.row_errors)
    std::cerr << "  row " << r.row << (r.field.empty() ? "" : ", " + r.field) << ": " << r.message << "\n";
}

}  // namespace

core::PolicySet load_policies(const Config& config) {
  std::vector<std::pair<std::string, std::string>> files;
  if (config.policy_dir.empty()) {
    for (const auto& f : embedded::policy_files()) files.emplace_back("policies/" + std::string(f.name), std::string(f.text));
  } else {
    for (const auto& entry : std::filesystem::directory_iterator(config.policy_dir)) {
      if (entry.path().extension() != ".profile") continue;
      std::ifstream in(entry.path());
      std::ostringstream text;
      text << in.rdbuf();
      files.emplace_back(entry.path().string(), text.str());
    }
  }
  auto set = core::PolicySet::from_files(files);
  std::map<core::UnitKind, std::string> by_kind;
  for (const auto& pair : config.policy_for) {
    const auto eq = pair.find('=');
    auto kind = core::parse_unit_kind(pair.substr(0, eq));
    if (eq == std::string::npos || !kind) throw std::invalid_argument("--policy-for must be KIND=NAME, e.g. school=taiwan");
    by_kind[*kind] = pair.substr(eq + 1);
  }
  set.choose(config.policy, by_kind);
  return set;
}

// The policy profiles judge which reports were late, so the statistics' sums depend on them.
static std::string rollup_basis(const Config& config) {
  auto kinds = config.policy_for;
  std::sort(kinds.begin(), kinds.end());
  // The leading number is the layout of the sums: a new one refills them (2: ten-day periods;
  // 3: repairs sums that held a ten-year duration or a negative bucket, which could not be read;
  // 4: levels accepted below the computed one, and times entered long after).
  std::string basis = "4 policy=" + config.policy;
  for (const auto& k : kinds) basis += " " + k;
  if (!config.policy_dir.empty()) basis += " dir=" + config.policy_dir;
  return basis;
}

int serve(const Config& config) {
  keep_freed_memory_for_reuse();
  const auto policies = load_policies(config);
  auto db = open_database(config);
  auto checkpoints = open_audit_anchors(*db, config);
  // The statistics sums are filled in the background when missing or made under other profiles:
  // the server answers at once, the statistics with 503 and the progress until they are ready.
  bool sums_ready = statistics::begin_rollup(*db, rollup_basis(config));
  long long summed_at_start = 0;
  // A small installation is summed before it answers (a second by default), a large one meanwhile.
  for (const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(config.statistics_at_start_ms);
       !sums_ready && std::chrono::steady_clock::now() < until;) {
    const long long n = statistics::fill_rollup_page(*db, policies);
    summed_at_start += n;
    sums_ready = n == 0;
  }
  if (summed_at_start > 0 && sums_ready)
    std::cout << "Statistics: summed " << summed_at_start << " tickets under the policy profiles in force." << std::endl;
  std::unique_ptr<core::Clock> clock;
  core::TestClock* test_clock = nullptr;
  if (config.test_clock) {
    auto tc = std::make_unique<core::TestClock>();
    test_clock = tc.get();
    clock = std::move(tc);
  } else {
    clock = std::make_unique<core::SystemClock>();
  }

  http::ServerOptions options;
  options.host = config.host();
  options.port = config.port();
  options.threads = config.threads;
  options.write_threads = config.write_threads;
  options.body_limit = config.body_limit_mb * 1024 * 1024;
  options.upload_limit = config.attachment_limit_mb * 1024 * 1024;
  options.upload_dir = (std::filesystem::path(config.data_dir) / "tmp").string();
  std::filesystem::create_directories(options.upload_dir);
  const auto open_files = raise_open_file_limit();
  options.max_connections = connection_cap(config.max_connections, open_files);
  options.default_headers = api::security_headers(config.secure_cookies);
  http::AccessLog::Level log_level = http::AccessLog::Level::info;
  if (!http::AccessLog::parse_level(config.log_level, log_level))
    throw std::invalid_argument("--log-level must be info or error");
  options.log = std::make_shared<http::AccessLog>(config.log, log_level);
  options.trusted_proxies = config.trusted_proxies;
  options.metrics = std::make_shared<http::RequestMetrics>();
  std::vector<core::IpRange> metrics_from;
  for (const auto& text : config.metrics_from) {
    if (text == "none") continue;
    std::string why;
    auto range = core::parse_ip_range(text, &why);
    if (!range) throw std::invalid_argument("--metrics-from '" + text + "': " + why);
    metrics_from.push_back(*range);
  }

  const auto second_factor_policy = core::parse_second_factor_policy(config.second_factor_required_for);
  if (!second_factor_policy)
    throw std::invalid_argument("--second-factor-required-for: name unit kinds (cert, ministry, regional_centre, "
                                "county_centre, school, soc, other) separated by commas, or none");
  auth::AuthService auth(*db, *clock, {}, 12 * 3600 * 1000, *second_factor_policy);
  auth::SecondFactors second_factors(*db, *clock, *second_factor_policy);
  org::Organisation organisation(*db, *clock);
  // Who calls is looked up once a second per session, not at every request; the services that
  // change people forget it at once.
  auth::SessionCache session_cache;
  auth.cache_sessions(&session_cache);
  second_factors.cache_sessions(&session_cache);
  organisation.cache_sessions(&session_cache);
  incidents::IncidentService incident_service(*db, *clock, policies,
                                              (std::filesystem::path(config.data_dir) / "attachments").string());
  organisation.on_unit_change([&](store::Transaction& tx, const core::Unit& before, const core::Unit& after) {
    incident_service.unit_changed(tx, before, after);
  });
  incidents::TicketConversation conversation(*db, *clock, incident_service);
  org::AddressOwners address_owners;  // who owns an address: one table for warnings and blocks
  warnings::WarningService warning_service(*db, *clock, policies, incident_service, address_owners, config.public_url);
  containment::BlockService block_service(*db, *clock, address_owners, config.public_url);
  containment::BlockEvidence block_evidence(*db, *clock, block_service,
                                            (std::filesystem::path(config.data_dir) / "attachments").string());
  containment::OutbreakService outbreak_service(*db);
  containment::CoordinatedIncidents coordinated(*db, *clock, incident_service, warning_service);
  containment::OutbreakAlerts outbreak_alerts(policies);  // many schools warned of one kind at once
  warning_service.set_observer(&outbreak_alerts);
  containment::AdvisoryService advisory_service(*db, *clock, config.public_url);
  improvements::ImprovementService improvement_service(
      *db, *clock, policies, (std::filesystem::path(config.data_dir) / "attachments").string(), config.public_url);
  auto countries = open_country_database(config);
  statistics::StatisticsService statistics_service(*db, *clock, policies, countries.get());
  auth::PasswordRecovery recovery(*db, *clock);
  auth::HashingPool hashing(config.hashing_threads, config.hashing_queue);
  api::ApiContext ctx{*db,
                      *clock,
                      test_clock,
                      auth,
                      organisation,
                      incident_service,
                      warning_service,
                      block_service,
                      block_evidence,
                      outbreak_service,
                      coordinated,
                      advisory_service,
                      improvement_service,
                      statistics_service,
                      recovery,
                      second_factors,
                      config.secure_cookies,
                      find_web_root(config),
                      config.public_url,
                      audit_verify_options(config)};
  ctx.hashing = &hashing;
  ctx.metrics = options.metrics;
  ctx.metrics_from = metrics_from;
  ctx.conversation = &conversation;
  http::Router router;
  api::add_all_routes(router, ctx);
  http::Server server(router, options);
  options.metrics->count_connections_with([&server] { return server.open_connections(); });
  server.listen();
  const std::string url =
      !config.public_url.empty() ? config.public_url
                                 : "http://" + (options.host == "0.0.0.0" ? std::string("127.0.0.1") : options.host) +
                                       ":" + std::to_string(server.port());

  warning_service.set_public_url(url);
  block_service.set_public_url(url);
  advisory_service.set_public_url(url);
  improvement_service.set_public_url(url);
  outbreak_alerts.set_public_url(url);
  recovery.set_links(url, !config.mail.sms_gateway_url.empty());

  // Background work: due jobs (reminders) and the outbox (e-mail, SMS).
  notify::IncidentNotifier notifier(policies, {url, !config.mail.sms_gateway_url.empty()});
  notify::RecipientsCache recipients(session_cache);  // forgotten with who people are
  notifier.cache_recipients(&recipients);
  incident_service.set_observer(&notifier);
  conversation.set_observer(&notifier);
  jobs::Scheduler scheduler(*db, *clock);
  notifier.attach(scheduler);
  warning_service.attach(scheduler);
  advisory_service.attach(scheduler);
  improvement_service.attach(scheduler);
  notify::SmtpChannel email({config.mail.smtp_host, config.mail.smtp_port, config.mail.starttls, config.mail.username,
                             config.mail.password, config.mail.from});
  notify::SmsGatewayChannel sms({config.mail.sms_gateway_url, config.mail.sms_body_template});
  notify::Delivery delivery(*db, *clock, email, sms, static_cast<core::TimeMs>(config.mail.give_up_hours) * 3600 * 1000);
  notify::AuditDigest digest(*checkpoints, static_cast<core::TimeMs>(config.audit_digest_hours) * 3600 * 1000);
  if (config.audit_digest_hours > 0) digest.attach(scheduler);

  std::cout << "Tongbao " << TONGBAO_VERSION << " listening on " << options.host << ":" << server.port()
            << " (database: " << db->location() << ")\n"
            << "Connections: at most " << options.max_connections << " at once (open-file limit " << open_files << ")\n"
            << "Password hashing: " << hashing.workers() << " thread(s), " << config.hashing_queue
            << " more may wait; beyond that sign-ins get 429 busy\n";
  if (!options.trusted_proxies.empty()) {
    std::cout << "Client addresses: X-Forwarded-For believed from";
    for (const auto& p : options.trusted_proxies) std::cout << " " << p;
    std::cout << "\n";
  }

  if (config.demo) {
    auto accounts = seed_demo(*db, *clock);
    if (!accounts.empty()) {
      std::cout << "\nDemo organisation created. Sign in at " << url << " with any of these (password "
                << kDemoPassword << "):\n";
      for (const auto& a : accounts)
        std::cout << "  unit OID " << a.oid << "  account " << a.account << "   " << a.unit_name << "\n";
      if (!second_factor_policy->required.empty())
        std::cout << "Contacts of the kinds " << config.second_factor_required_for
                  << " set up two-step verification (an authenticator app) at their first sign-in.\n";
    } else {
      std::cout << "\nDemo organisation already present. Sign in at " << url
                << " with unit OID 2.16.886.111.90000.1, account cert, password " << kDemoPassword << ".\n";
    }
  } else {
    auto password = seed_first_administrator(*db, *clock, config);
    if (!password.empty()) {
      std::cout << "\nNew installation. Sign in at " << url << " as the CERT administrator:\n"
                << "  unit OID " << config.init_oid << "  account admin  one-time password " << password << "\n"
                << "This password is shown only now; you will be asked to change it.\n";
    }
  }
  if (config.test_clock) std::cout << "Test clock enabled: POST /api/v1/_test/clock moves time forward.\n";
  std::cout << std::flush;

  if (!config.port_file.empty()) {
    // Written whole, then renamed, so a reader never sees half a number.
    const std::string tmp = config.port_file + ".tmp";
    std::ofstream(tmp) << server.port() << "\n";
    std::filesystem::rename(tmp, config.port_file);
  }
  // The chain's head is checkpointed outside the database now, every few minutes when it moved,
  // and once more at shutdown.
  checkpoints->anchor(*db, clock->now());
  if (config.audit_digest_hours > 0) digest.ensure_scheduled(*db, clock->now());
  jobs::PeriodicThread anchoring;
  anchoring.start(std::chrono::minutes(std::max(1, config.audit_checkpoint_minutes)),
                  [&] { checkpoints->anchor(*db, clock->now()); });
  std::unique_ptr<ScheduledBackup> scheduled_backup;
  if (!config.backup_dir.empty()) {
    scheduled_backup = std::make_unique<ScheduledBackup>(config, *db, *clock);
    scheduled_backup->start();
  }
  std::atomic<bool> stopping{false};
  std::thread filling;
  if (!sums_ready) {
    std::cout << "Statistics: summing every ticket in the background; statistics answer 503 until done." << std::endl;
    filling = std::thread([&] {
      long long read = summed_at_start;
      try {
        while (!stopping)
          if (long long n = statistics::fill_rollup_page(*db, policies); n > 0) read += n;
          else break;
        if (!stopping) std::cout << "Statistics: summed " << read << " tickets; ready." << std::endl;
      } catch (const std::exception& e) {
        std::cerr << "Statistics: summing stopped: " << e.what() << " (resumed at the next start)" << std::endl;
      }
    });
  }
  // Every ticket's lateness marks, when the policy profiles are new to this database: lists of late
  // tickets compute lateness ticket by ticket until they are written.
  std::thread lateness([&] {
    try {
      if (const auto n = incident_service.complete_lateness(&stopping); n > 0 && !stopping)
        std::cout << "Deadlines: lateness of " << n << " ticket(s) computed under the policy profiles in force" << std::endl;
    } catch (const std::exception& e) {
      std::cerr << "Deadlines: computing lateness stopped: " << e.what() << " (resumed at the next start)" << std::endl;
    }
  });
  // Tickets filed before the search index existed are indexed in the background: at a million
  // tickets that takes about half a minute, which the server no longer waits for before it answers.
  std::thread indexing([&] {
    try {
      if (const auto indexed = incident_service.complete_search_index(&stopping); indexed > 0 && !stopping)
        std::cout << "Search: " << indexed << " ticket(s) indexed for the search box" << std::endl;
    } catch (const std::exception& e) {
      std::cerr << "Search: indexing stopped: " << e.what() << " (resumed at the next start)" << std::endl;
    }
    // Then, twice a second, the pairs of the tickets filed meanwhile: until written, those few
    // are searched by their text.
    while (!stopping) {
      for (int i = 0; i < 10 && !stopping; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
      try {
        incident_service.write_search_pairs(&stopping);
      } catch (const std::exception& e) {
        std::cerr << "Search: writing the index of pairs failed: " << e.what() << " (tried again shortly)" << std::endl;
      }
    }
  });
  scheduler.start();
  delivery.start();
  server.run();
  hashing.stop();  // before the server goes: a job finishing later would answer into it
  db->finish_queued_writes();  // the same for a write queued by a request (a filing)
  if (scheduled_backup) scheduled_backup->stop();
  stopping = true;
  if (filling.joinable()) filling.join();
  indexing.join();
  lateness.join();
  scheduler.stop();
  delivery.stop();
  anchoring.stop();
  checkpoints->anchor(*db, clock->now());
  std::cout << "Tongbao stopped.\n";
  return 0;
}

int import_units(const Config& config, const std::string& csv_path, bool dry_run) {
  std::ifstream in(csv_path, std::ios::binary);
  if (!in) {
    std::cerr << "error: cannot read " << csv_path << "\n";
    return 2;
  }
  std::ostringstream text;
  text << in.rdbuf();
  auto db = open_database(config);
  auto checkpoints = open_audit_anchors(*db, config);
  core::SystemClock clock;
  org::Organisation organisation(*db, clock);
  const auto policies = load_policies(config);
  incidents::IncidentService incident_service(*db, clock, policies,
                                              (std::filesystem::path(config.data_dir) / "attachments").string());
  organisation.on_unit_change([&](store::Transaction& tx, const core::Unit& before, const core::Unit& after) {
    incident_service.unit_changed(tx, before, after);
  });
  try {
    auto s = organisation.import_csv(core::system_principal(), text.str(), dry_run);
    checkpoints->anchor(*db, clock.now());
    std::cout << (dry_run ? "Dry run: would create " : "Created ") << s.created << ", "
              << (dry_run ? "update " : "updated ") << s.updated << ", unchanged " << s.unchanged << ".\n";
    return 0;
  } catch (const core::Error& e) {
    print_error(e);
    return 1;
  }
}

int export_units(const Config& config, const std::optional<std::string>& root_oid, const std::string& out_path) {
  auto db = open_database(config);
  core::SystemClock clock;
  org::Organisation organisation(*db, clock);
  try {
    auto csv = organisation.export_csv(core::system_principal(), root_oid);
    if (out_path.empty() || out_path == "-") {
      std::cout << csv;
    } else {
      std::ofstream(out_path, std::ios::binary) << csv;
    }
    return 0;
  } catch (const core::Error& e) {
    print_error(e);
    return 1;
  }
}

int verify_audit(const Config& config, const std::string& checkpoints, const std::string& public_key) {
  auto db = open_database(config);
  const auto options = audit_verify_options(config, checkpoints, public_key);
  auto r = incidents::verify_audit_trail(*db, options);
  if (r.ok) {
    std::cout << "Audit chain intact: " << r.entries << " entries verified (" << r.keyed_entries << " keyed), "
              << r.checkpoints << " checkpoint(s) of " << options.checkpoints_path << " matched, " << r.tickets
              << " tickets match their last audited state.\n";
    return 0;
  }
  if (!r.checked) {
    std::cout << "Audit chain NOT VERIFIED: " << r.reason << " (" << r.entries << " entries before it verified).\n";
    return 2;
  }
  if (r.problem == "ticket_changed") {
    std::cout << "Audit trail BROKEN (ticket_changed): " << r.reason << ".\n";
  } else if (r.first_broken_id == 0) {
    std::cout << "Audit trail BROKEN (" << r.problem << "): " << r.reason << ".\n";
  } else {
    std::cout << "Audit chain BROKEN at entry " << r.first_broken_id << " (" << r.problem << "): " << r.reason << " ("
              << r.entries << " entries before it verified).\n";
  }
  return 1;
}

namespace {

// The operator at the server's shell: the CERT's powers, named as such in the audit trail.
core::Principal console_principal() {
  auto p = core::system_principal();
  p.label = "console";
  return p;
}

std::optional<int> slot_of(store::Database& db, const std::string& oid, const std::string& account) {
  return db.read_value([&](store::Transaction& tx) -> std::optional<int> {
    auto record = store::contacts::find_for_login(tx, oid, account);
    if (!record || !record->contact.active) return std::nullopt;
    return record->contact.slot;
  });
}

// Runs `act` for the open contact of `account` at unit `oid`, then anchors the audit chain.
int for_contact(const Config& config, const std::string& oid, const std::string& account,
                const std::function<void(store::Database&, const core::Clock&, int slot)>& act) {
  auto db = open_database(config);
  auto checkpoints = open_audit_anchors(*db, config);
  core::SystemClock clock;
  const auto slot = slot_of(*db, oid, account);
  if (!slot) {
    std::cerr << "error: unit " << oid << " has no open contact with the account " << account << "\n";
    return 1;
  }
  try {
    act(*db, clock, *slot);
    checkpoints->anchor(*db, clock.now());
    return 0;
  } catch (const core::Error& e) {
    print_error(e);
    return 1;
  }
}

}  // namespace

int reset_contact_password(const Config& config, const std::string& oid, const std::string& account) {
  return for_contact(config, oid, account, [&](store::Database& db, const core::Clock& clock, int slot) {
    org::Organisation organisation(db, clock);
    auto opened = organisation.reset_password(console_principal(), oid, slot);
    std::cout << "One-time password of " << oid << " / " << account << " (shown only now; it must be changed at sign-in):\n"
              << opened.one_time_password << "\n";
  });
}

int reset_contact_second_factor(const Config& config, const std::string& oid, const std::string& account) {
  return for_contact(config, oid, account, [&](store::Database& db, const core::Clock& clock, int slot) {
    auth::SecondFactors second_factors(db, clock, {});
    second_factors.reset(console_principal(), oid, slot);
    std::cout << "The second factor of " << oid << " / " << account
              << " is cleared; they set it up again at their next sign-in (told by mail).\n";
  });
}

int list_dead_letters(const Config& config) {
  auto db = open_database(config);
  notify::Query q;
  q.state = "dead";
  q.limit = 1000;
  const auto dead = db->read_value([&](store::Transaction& tx) { return notify::list(tx, q); });
  if (dead.empty()) {
    std::cout << "No dead letters.\n";
    return 0;
  }
  for (const auto& m : dead)
    std::cout << m.id << "\t" << core::format_utc(m.created_at) << "\t" << m.channel << "\t" << m.recipient << "\t"
              << m.kind << "\t" << m.attempts << " attempts\t" << m.last_error << "\n";
  std::cout << dead.size() << " dead letter(s); `tongbao outbox retry --all` (or --id N) queues them again.\n";
  return 0;
}

int retry_dead_letters(const Config& config, const std::optional<long long>& id) {
  auto db = open_database(config);
  auto checkpoints = open_audit_anchors(*db, config);
  core::SystemClock clock;
  const auto now = clock.now();
  const auto retried = db->write_value([&](store::Transaction& tx) {
    std::vector<long long> ids;
    if (id) {
      ids.push_back(*id);
    } else {
      notify::Query q;
      q.state = "dead";
      q.limit = 100000;
      for (const auto& m : notify::list(tx, q)) ids.push_back(m.id);
    }
    long long n = 0;
    for (long long one : ids) {
      if (!notify::retry_dead(tx, one, now)) continue;
      audit::append(tx, now, "console", "outbox.retry", "outbox", std::to_string(one), std::nullopt, std::nullopt);
      ++n;
    }
    return n;
  });
  checkpoints->anchor(*db, now);
  if (retried == 0) {
    std::cerr << (id ? "error: message " + std::to_string(*id) + " is not a dead letter\n" : std::string("No dead letters.\n"));
    return id ? 1 : 0;
  }
  std::cout << retried << " message(s) queued again; the running server sends them.\n";
  return 0;
}

int migrate(const Config& config, bool dry_run) {
  auto db = open_database(config, false);
  const auto dialect = store::dialect_of(*db);
  int pending_count = 0;
  db->write([&](store::Transaction& tx) {
    const auto pending = store::pending_migrations(tx);
    pending_count = static_cast<int>(pending.size());
    std::cout << db->backend() << " database " << db->location() << ": schema version " << store::schema_version(tx)
              << ", this server knows " << store::known_schema_version() << "\n";
    for (const auto& m : pending) std::cout << (dry_run ? "pending: " : "applying: ") << m.name << "\n";
    if (!dry_run) store::apply_migrations(tx, dialect);
  });
  if (pending_count == 0) std::cout << "Nothing to apply.\n";
  return dry_run && pending_count > 0 ? 1 : 0;
}

int copy_database(const Config& config, const std::string& from, const std::string& to) {
  const std::string source_path = from.rfind("sqlite:", 0) == 0 ? from.substr(7) : from;
  if (store::PostgresDatabase::is_url(source_path) || !std::filesystem::exists(source_path)) {
    std::cerr << "error: --from must name an existing SQLite file (sqlite:PATH)\n";
    return 2;
  }
  if (!store::PostgresDatabase::is_url(to)) {
    std::cerr << "error: --to must be a PostgreSQL address (postgresql://USER@HOST:PORT/NAME)\n";
    return 2;
  }
  auto source = store::open_database(source_path, false);
  auto target = store::open_database(to);
  std::cout << "Copying " << source_path << " to " << target->location() << "\n";
  const auto counts = store::copy_database(*source, *target, [](const std::string& table, long long rows) {
    std::cout << "  " << table << ": " << rows << " rows\n" << std::flush;
  });
  bool same = true;
  for (const auto& c : counts) {
    if (c.source == c.target) continue;
    same = false;
    std::cout << "COUNT DIFFERS in " << c.table << ": " << c.source << " in the source, " << c.target
              << " in the copy\n";
  }
  std::cout << (same ? "Every table's count matches (" + std::to_string(counts.size()) + " tables).\n" : "");
  Config copied = config;
  copied.database = to;
  const int audit = verify_audit(copied);
  if (same && audit == 0) {
    std::cout << "Copied and verified. Start the servers with --database " << target->location() << "\n";
    return 0;
  }
  return 1;
}

}  // namespace tongbao::app
