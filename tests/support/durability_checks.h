#pragma once
// What must hold after filings cut off on the way (a server killed, the database restarted).
#include <string>
#include <vector>

#include "support/server_process.h"
#include "support/smtp_server.h"

namespace tongbao::test_support {

// After filings through several servers, some cut off on the way: every acknowledged ticket is
// there, numbers run without a gap (a cut-off filing was rolled back whole, or kept whole when its
// commit got through before its answer was lost), every ticket has its jobs, and every mail goes
// out once, save at most `in_flight` sent again with the same Message-ID (cut off between the mail
// server's acceptance and its record).
void expect_nothing_lost_and_each_mail_once(ServerProcess& server, const SmtpServer& smtp,
                                            const std::vector<std::string>& acknowledged, int in_flight);

}  // namespace tongbao::test_support
