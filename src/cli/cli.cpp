#include "cli/cli.hpp"

#include <spdlog/spdlog.h>
#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <iostream>
#include <thread>

#include "app/auth.hpp"
#include "app/setup.hpp"
#include "app/users.hpp"
#include "app/verify.hpp"
#include "base/strings.hpp"
#include "cli/draw_cli.hpp"
#include "cli/report_cli.hpp"
#include "http/server.hpp"

namespace anxiao::cli {
namespace {

constexpr const char* kExitCodesHelp =
    "Exit codes: 0 success; 1 internal error; 2 usage error; 3 verification found problems; "
    "4 invalid input or not found; 5 database or port unavailable.";

struct Common {
  StoreConfig store;
};

void AddStoreOptions(CLI::App* cmd, Common* c) {
  cmd->add_option("--data", c->store.data_dir, "data directory for the embedded SQLite store")->envname("ANXIAO_DATA");
  cmd->add_option("--db", c->store.db_url, "PostgreSQL URL (postgresql://user@host:port/db) instead of --data")
      ->envname("ANXIAO_DB");
  cmd->add_option("--evidence", c->store.evidence_dir,
                  "directory of the evidence photos (default: DATA/evidence; required with --db)")
      ->envname("ANXIAO_EVIDENCE");
}

int Report(const Error& e) {
  std::cerr << "error: " << (e.public_message.empty() ? e.internal : e.public_message);
  if (!e.internal.empty() && e.internal != e.public_message) std::cerr << " (" << e.internal << ")";
  std::cerr << "\n";
  return ExitCodeFor(e.code);
}

}  // namespace

Result<std::unique_ptr<domain::Store>> OpenExisting(const StoreOpener& opener, const StoreConfig& c,
                                                    domain::Clock& clock) {
  if (!c.data_dir.empty() && !std::filesystem::exists(std::filesystem::path(c.data_dir) / "anxiao.db"))
    return Fail(Error(ErrorCode::kNotFound, "no_database",
                      "no Anxiao database in " + c.data_dir + " (create one with anxiao init)"));
  return opener(c, clock);
}

namespace {

Result<std::unique_ptr<domain::Store>> Open(const StoreOpener& opener, Common& c, domain::Clock& clock,
                                            bool may_create) {
  if (c.store.data_dir.empty() && c.store.db_url.empty())
    return Fail(InvalidInput("store_required", "give --data DIR (SQLite) or --db URL (PostgreSQL)"));
  if (!c.store.data_dir.empty() && !c.store.db_url.empty())
    return Fail(InvalidInput("store_ambiguous", "give either --data or --db, not both"));
  return may_create ? opener(c.store, clock) : OpenExisting(opener, c.store, clock);
}

std::string ReadPassword(bool from_stdin, const std::string& prompt) {
  std::string pw;
  if (!from_stdin && isatty(STDIN_FILENO)) {
    std::cerr << prompt << std::flush;
    termios old{};
    tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    std::getline(std::cin, pw);
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::cerr << "\n";
  } else {
    std::getline(std::cin, pw);
  }
  return pw;
}

Result<std::string> ResolveOrg(domain::Store& store, const std::string& ref) {
  return domain::ReadValue<std::string>(store, [&](domain::ReadView& v) -> Result<std::string> {
    if (ref == "root") {
      TRY_ASSIGN(auto r, v.RootOrg());
      if (!r) return Fail(InvalidInput("no_root", "the installation has no root org; run `anxiao init` first"));
      return r->id;
    }
    TRY_ASSIGN(auto o, v.FindOrg(ref));
    if (o) return o->id;
    TRY_ASSIGN(o, v.FindOrgByCode(ref));
    if (o) return o->id;
    return Fail(InvalidInput("unknown_org", "no org with id or code " + ref));
  });
}

std::string DefaultWebDir(const char* argv0) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path exe = fs::canonical("/proc/self/exe", ec);
  if (ec) exe = fs::absolute(argv0, ec);
  for (const auto& cand : {exe.parent_path() / ".." / "web" / "dist", exe.parent_path() / "web" / "dist",
                           fs::current_path(ec) / "web" / "dist"}) {
    if (fs::exists(cand / "index.html", ec)) return fs::weakly_canonical(cand, ec).string();
  }
  return {};
}

// Records a checkpoint at start and then hourly while the journal grows, so that a truncated tail
// is detectable by `verify` (docs/journal_format.md).
class Checkpointer {
 public:
  explicit Checkpointer(domain::Store& store) : store_(store) {
    thread_ = std::thread([this] { Loop(); });
  }
  ~Checkpointer() {
    {
      std::lock_guard g(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  void Loop() {
    Mark("start");
    std::unique_lock lock(mu_);
    while (!cv_.wait_for(lock, std::chrono::hours(1), [&] { return stop_; })) {
      lock.unlock();
      Mark("hourly");
      lock.lock();
    }
  }
  void Mark(const char* reason) {
    auto st = store_.Write([&](domain::WriteTx& tx) -> Status {
      TRY_ASSIGN(auto head, tx.Head());
      TRY_ASSIGN(auto last, tx.Checkpoints(1));
      if (head.seq == 0 || (!last.empty() && last[0].seq == head.seq)) return {};
      return tx.AddCheckpoint(reason);
    });
    if (!st) spdlog::warn("checkpoint failed: {}", st.error().internal);
  }
  domain::Store& store_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

struct ServeArgs {
  std::string address = "127.0.0.1";
  int port = 8080;
  int threads = 8;
  int write_workers = 64;
  bool access_log = true;
  std::string web_dir;
};

void AddServeOptions(CLI::App* cmd, ServeArgs* s) {
  cmd->add_option("--port", s->port, "TCP port")->envname("PORT")->check(CLI::Range(1, 65535));
  cmd->add_option("--address", s->address, "address to listen on")->envname("ANXIAO_ADDRESS");
  cmd->add_option("--threads", s->threads, "I/O threads (requests, reads, static files)")->check(CLI::Range(1, 256));
  cmd->add_option("--write-workers", s->write_workers, "threads for API writes, which share group commits")
      ->check(CLI::Range(0, 1024));
  cmd->add_flag("--access-log,!--no-access-log", s->access_log,
                "log one line per request (method, path, status, time; default on)");
  cmd->add_option("--web", s->web_dir, "directory of the built web application (default: web/dist beside the binary)");
}

int RunServer(domain::Store& store, app::Services& services, const ServeArgs& a, const char* argv0) {
  http::Api api(services, http::ApiOptions{});
  http::ServeOptions so;
  so.address = a.address;
  so.port = a.port;
  so.threads = a.threads;
  so.write_workers = a.write_workers;
  so.access_log = a.access_log;
  so.web_dir = a.web_dir.empty() ? DefaultWebDir(argv0) : a.web_dir;
  so.on_ready = [&](const std::string& url) {
    std::cout << "anxiao " << ANXIAO_VERSION << " (" << store.Engine() << ") listening on " << url << std::endl;
  };
  Checkpointer cp(store);
  auto st = http::Serve(api, so);
  if (!st) return Report(st.error());
  return kExitOk;
}

void PrintDemoLogins(std::ostream& out) {
  out << "Demo logins (password: " << app::kDemoPassword << "):\n"
      << "  admin           administrator, whole installation\n"
      << "  city.officer    bureau officer, 聊城市\n"
      << "  county.officer  bureau officer, 东阿县\n"
      << "  inspector       inspector, 东阿县\n"
      << "  expert          external expert, 聊城市消防救援支队\n"
      << "  school.officer  school safety officer, 东阿县实验小学\n"
      << "  principal       principal, 东阿县实验小学\n"
      << "  auditor         auditor (read-only), 聊城市\n";
}

}  // namespace

int ExitCodeFor(ErrorCode c) {
  switch (c) {
    case ErrorCode::kInvalidInput:
    case ErrorCode::kNotFound:
    case ErrorCode::kConflict:
    case ErrorCode::kForbidden:
    case ErrorCode::kVersionMismatch:
    case ErrorCode::kVersionRequired:
    case ErrorCode::kTooLarge:
    case ErrorCode::kUnauthenticated:
    case ErrorCode::kTooManyRequests: return kExitInvalid;
    case ErrorCode::kCorrupt: return kExitVerifyFailed;
    case ErrorCode::kUnavailable: return kExitUnavailable;
    case ErrorCode::kInternal: return kExitInternal;
  }
  return kExitInternal;
}

// Opens the photo side for the store configuration: --evidence, else <data>/evidence.
static Result<MediaPorts> OpenMedia(const MediaOpener& open_media, const StoreConfig& c) {
  if (!open_media) return Fail(Unavailable("this program was built without evidence photo support"));
  std::string dir = c.evidence_dir;
  if (dir.empty() && !c.data_dir.empty()) dir = (std::filesystem::path(c.data_dir) / "evidence").string();
  if (dir.empty())
    return Fail(InvalidInput("evidence_dir_required",
                             "with --db, give --evidence DIR: the directory where evidence photos are stored"));
  return open_media(dir);
}

int Run(int argc, char** argv, const StoreOpener& opener, const MediaOpener& open_media) {
  CLI::App cli{"anxiao (安校): school safety inspection and closed-loop hazard rectification", "anxiao"};
  cli.footer(kExitCodesHelp);
  cli.require_subcommand(1);
  cli.set_version_flag("--version", ANXIAO_VERSION);
  Common common;
  domain::SystemClock system_clock;
  // The real clock, except while `demo` dates the demo campaign's past activity (app/demo_clock.hpp).
  app::DemoClock clock(system_clock);
  RandomIds ids;

  // init
  auto* init = cli.add_subcommand("init", "create the database schema and the root org of a new installation");
  AddStoreOptions(init, &common);
  std::string root_name = "山东省", root_code = "370000";
  init->add_option("--root-name", root_name, "name of the root (province) org");
  init->add_option("--root-code", root_code, "administrative division code of the root org");

  // serve
  auto* serve = cli.add_subcommand("serve", "run the HTTP server (API and web application)");
  AddStoreOptions(serve, &common);
  ServeArgs serve_args;
  AddServeOptions(serve, &serve_args);

  // demo
  auto* demo =
      cli.add_subcommand("demo", "load the synthetic Liaocheng demo city (if the store is empty) and serve it");
  AddStoreOptions(demo, &common);
  ServeArgs demo_args;
  AddServeOptions(demo, &demo_args);
  bool demo_no_serve = false;
  demo->add_flag("--no-serve", demo_no_serve, "load the demo data and exit");

  // verify
  auto* verify = cli.add_subcommand("verify", "recompute the journal hash chain and rebuild every projection from it");
  AddStoreOptions(verify, &common);
  std::string expect_head;
  bool verify_json = false;
  verify->add_option("--expect-head", expect_head, "SEQ:HASH the journal head must equal (e.g. from a printed report)");
  verify->add_flag("--json", verify_json, "print the report as JSON");
  verify->footer("Exit 0: journal OK. Exit 3: problems found, each named with its entry, table, record and field.");

  // user
  auto* user = cli.add_subcommand("user", "manage users");
  user->require_subcommand(1);
  auto* user_add = user->add_subcommand("add", "add a user");
  AddStoreOptions(user_add, &common);
  std::string ua_name, ua_display, ua_role = "admin", ua_scope = "root", ua_org;
  bool ua_stdin = false;
  user_add->add_option("username", ua_name, "login name (a-z 0-9 . _ -)")->required();
  user_add->add_option("--display-name", ua_display, "name shown in the application");
  user_add->add_option("--role", ua_role,
                       "admin | bureau_officer | inspector | expert | school_officer | principal | auditor");
  user_add->add_option("--scope", ua_scope, "org id or division/school code of the user's scope, or 'root'");
  user_add->add_option("--organization", ua_org, "home organisation (e.g. for experts)");
  user_add->add_flag("--password-stdin", ua_stdin, "read the password from standard input");
  auto* user_passwd = user->add_subcommand("passwd", "set a user's password");
  AddStoreOptions(user_passwd, &common);
  std::string up_name;
  bool up_stdin = false;
  user_passwd->add_option("username", up_name)->required();
  user_passwd->add_flag("--password-stdin", up_stdin, "read the password from standard input");
  auto* user_list = user->add_subcommand("list", "list users");
  AddStoreOptions(user_list, &common);

  // token
  auto* token = cli.add_subcommand("token", "API tokens");
  token->require_subcommand(1);
  auto* token_create = token->add_subcommand("create", "create an API token for USER (printed once)");
  AddStoreOptions(token_create, &common);
  std::string tc_user, tc_label = "cli";
  token_create->add_option("username", tc_user)->required();
  token_create->add_option("--label", tc_label, "what the token is for");

  // backup / restore
  auto* backup = cli.add_subcommand("backup", "write a consistent copy of the SQLite database while the server runs");
  AddStoreOptions(backup, &common);
  std::string backup_to;
  backup->add_option("--to", backup_to, "file to create (must not exist)")->required();
  auto* restore =
      cli.add_subcommand("restore", "verify a backup file and install it as the database of an empty data directory");
  std::string restore_from, restore_data;
  restore->add_option("--from", restore_from, "backup file made by `anxiao backup`")->required();
  restore->add_option("--data", restore_data, "data directory to restore into (must not contain a database)")
      ->required();

  // journal
  auto* journal = cli.add_subcommand("journal", "journal tools");
  journal->require_subcommand(1);
  auto* journal_head = journal->add_subcommand("head", "print the journal head as SEQ:HASH");
  AddStoreOptions(journal_head, &common);

  // draw (its own file: draw_cli.cpp)
  DrawCommands draw_commands;
  AddDrawCommands(cli, &draw_commands);
  ReportCommands report_commands;
  AddReportCommands(cli, &report_commands);

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = cli.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  }

  if (int rc = RunDrawCommands(draw_commands, opener, clock); rc >= 0) return rc;
  if (int rc = RunReportCommands(report_commands, opener, clock); rc >= 0) return rc;

  if (*restore) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_regular_file(restore_from, ec))
      return Report(InvalidInput("no_backup", "no such backup file: " + restore_from));
    fs::path target = fs::path(restore_data) / "anxiao.db";
    if (fs::exists(target, ec)) return Report(InvalidInput("not_empty", "refusing to overwrite " + target.string()));
    // Verify the backup in a scratch directory before installing it.
    fs::path scratch = fs::path(restore_data).string() + ".restore-check";
    fs::remove_all(scratch, ec);
    fs::create_directories(scratch, ec);
    fs::copy_file(restore_from, scratch / "anxiao.db", ec);
    if (ec) return Report(Unavailable("cannot copy backup: " + ec.message()));
    {
      StoreConfig sc{scratch.string(), ""};
      auto s = opener(sc, clock);
      if (!s) return Report(s.error());
      auto rep = app::Verify(**s);
      if (!rep) return Report(rep.error());
      if (!rep->ok) {
        std::cerr << "error: the backup fails verification:\n";
        for (const auto& p : rep->problems) std::cerr << "  [" << p.kind << "] " << p.message << "\n";
        return kExitVerifyFailed;
      }
      std::cout << "backup verified: " << rep->entries << " entries, head " << rep->head.hash << "\n";
    }
    fs::create_directories(restore_data, ec);
    fs::rename(scratch / "anxiao.db", target, ec);
    if (ec) return Report(Unavailable("cannot install backup: " + ec.message()));
    fs::remove_all(scratch, ec);
    std::cout << "restored into " << target.string() << "\n";
    return kExitOk;
  }

  try {
    auto opened = Open(opener, common, clock, *init || *demo || *serve);
    if (!opened) return Report(opened.error());
    domain::Store& store = **opened;
    app::Services services{store, clock, ids};
    // Photos for the commands that handle them (serve, demo, verify).
    MediaPorts media;
    if (*serve || *demo || *verify) {
      auto m = OpenMedia(open_media, common.store);
      if (!m) return Report(m.error());
      media = std::move(*m);
      services.evidence_files = media.files.get();
      services.images = media.codec.get();
    }

    if (*init) {
      auto root = app::EnsureRoot(services, root_name, root_code);
      if (!root) return Report(root.error());
      std::cout << "initialised (" << store.Engine() << "); root org " << *root << "\n";
      return kExitOk;
    }
    if (*serve) return RunServer(store, services, serve_args, argv[0]);
    if (*demo) {
      auto empty = app::IsEmpty(store);
      if (!empty) return Report(empty.error());
      if (*empty) {
        auto t0 = std::chrono::steady_clock::now();
        SeededIds demo_ids(app::kDemoSeed);
        app::Services demo_services{store, clock, demo_ids};
        demo_services.evidence_files = services.evidence_files;
        demo_services.images = services.images;
        auto sum = app::LoadDemo(demo_services, app::GenerateDemoCity(), &clock);
        if (!sum) return Report(sum.error());
        auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
        std::cout << "demo city loaded: " << sum->orgs << " orgs, " << sum->schools << " schools, " << sum->users
                  << " users, " << sum->hazards << " hazards; journal head " << sum->head.seq << ":" << sum->head.hash
                  << " (" << ms << " ms)\n";
      } else {
        std::cout << "store already has data; serving it as it is\n";
      }
      PrintDemoLogins(std::cout);
      if (demo_no_serve) return kExitOk;
      return RunServer(store, services, demo_args, argv[0]);
    }
    if (*verify) {
      app::VerifyOptions vo;
      vo.evidence_files = services.evidence_files;
      if (!expect_head.empty()) {
        auto colon = expect_head.find(':');
        if (colon == std::string::npos || colon == 0 || expect_head.size() - colon - 1 != 64 ||
            expect_head.substr(0, colon).find_first_not_of("0123456789") != std::string::npos) {
          std::cerr << "error: --expect-head must be SEQ:HASH with a 64-character hash\n";
          return kExitUsage;
        }
        vo.expect_head = domain::JournalHead{std::stoll(expect_head.substr(0, colon)), expect_head.substr(colon + 1)};
      }
      const bool tty = isatty(STDERR_FILENO);
      vo.progress = [&](std::int64_t n) {
        if (tty)
          std::cerr << "\rverified " << n << " entries…" << std::flush;
        else
          std::cerr << "verified " << n << " entries\n";
      };
      auto rep = app::Verify(store, vo);
      if (tty) std::cerr << "\r";
      if (!rep) return Report(rep.error());
      if (verify_json) {
        Json problems = Json::array();
        for (const auto& p : rep->problems)
          problems.push_back(Json{{"kind", p.kind},
                                  {"seq", p.seq},
                                  {"table", p.table},
                                  {"record", p.record},
                                  {"field", p.field},
                                  {"stored", p.stored},
                                  {"replayed", p.replayed},
                                  {"message", p.message}});
        std::cout << Json{{"ok", rep->ok},
                          {"entries", rep->entries},
                          {"head", {{"seq", rep->head.seq}, {"hash", rep->head.hash}}},
                          {"problems", problems},
                          {"elapsed_ms", rep->elapsed_ms}}
                         .dump(2)
                  << "\n";
      } else if (rep->ok) {
        std::cout << "journal OK: " << rep->entries << " entries, head " << rep->head.hash << "\n"
                  << "projections OK: " << rep->rows_compared << " rows match the journal (" << rep->elapsed_ms
                  << " ms)\n"
                  << "evidence OK: " << rep->evidence_files << " files match their hashes\n";
      } else {
        std::cout << "journal FAILED: " << rep->problems.size() << " problem(s) in " << rep->entries << " entries\n";
        for (const auto& p : rep->problems) std::cout << "  [" << p.kind << "] " << p.message << "\n";
      }
      return rep->ok ? kExitOk : kExitVerifyFailed;
    }
    if (*user_add) {
      auto role = domain::ParseRole(ua_role);
      if (!role) {
        std::cerr << "error: unknown role " << ua_role << "\n";
        return kExitUsage;
      }
      auto scope = ResolveOrg(store, ua_scope);
      if (!scope) return Report(scope.error());
      std::string pw = ReadPassword(ua_stdin, "password for " + ua_name + ": ");
      app::Users users(services);
      auto u = users.Create(domain::Actor::System(), app::NewUser{ua_name, ua_display.empty() ? ua_name : ua_display,
                                                                  pw, *scope, ua_org, *role});
      if (!u) return Report(u.error());
      std::cout << "user " << u->username << " created (" << u->id << ", " << domain::Name(u->role) << ")\n";
      return kExitOk;
    }
    if (*user_passwd) {
      auto found = domain::ReadValue<std::optional<domain::User>>(
          store, [&](domain::ReadView& v) { return v.FindUserByUsername(up_name); });
      if (!found) return Report(found.error());
      if (!*found) return Report(InvalidInput("unknown_user", "no such user: " + up_name));
      std::string pw = ReadPassword(up_stdin, "new password for " + up_name + ": ");
      app::Users users(services);
      auto st = users.SetPassword(domain::Actor::System(), (*found)->id, pw);
      if (!st) return Report(st.error());
      std::cout << "password set for " << up_name << "\n";
      return kExitOk;
    }
    if (*user_list) {
      app::Users users(services);
      domain::UserFilter f;
      f.page.page_size = 200;
      for (int page = 1;; ++page) {
        f.page.page = page;
        auto list = users.List(domain::Actor::System(), f);
        if (!list) return Report(list.error());
        for (const auto& u : list->items)
          std::cout << u.username << "\t" << domain::Name(u.role) << "\t" << u.display_name << "\t" << u.scope_org_id
                    << (u.disabled ? "\tdisabled" : "") << "\n";
        if (static_cast<std::int64_t>(page) * f.page.page_size >= list->total) break;
      }
      return kExitOk;
    }
    if (*token_create) {
      app::Auth auth(services);
      auto t = auth.CreateToken(domain::Actor::System(), tc_user, tc_label);
      if (!t) return Report(t.error());
      std::cout << *t << "\n";
      return kExitOk;
    }
    if (*backup) {
      std::error_code ec;
      if (std::filesystem::exists(backup_to, ec))
        return Report(InvalidInput("exists", "refusing to overwrite " + backup_to));
      auto st = store.BackupTo(backup_to);
      if (!st) return Report(st.error());
      auto head = domain::ReadValue<domain::JournalHead>(store, [](domain::ReadView& v) { return v.Head(); });
      std::cout << "backup written to " << backup_to << " (journal head "
                << (head ? std::to_string(head->seq) + ":" + head->hash : "?") << ")\n";
      return kExitOk;
    }
    if (*journal_head) {
      auto head = domain::ReadValue<domain::JournalHead>(store, [](domain::ReadView& v) { return v.Head(); });
      if (!head) return Report(head.error());
      std::cout << head->seq << ":" << head->hash << "\n";
      return kExitOk;
    }
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return kExitInternal;
  }
  return kExitUsage;
}

}  // namespace anxiao::cli
