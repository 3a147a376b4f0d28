// The province's compact records (sim/model/include/egovkpi/sim/province.hpp): texts in a
// StringTable, times as offsets from a record's base, inline lists with fixed room, and the
// derived DocumentId.
#include "egovkpi/sim/province.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "egovkpi/sim/string_table.hpp"

namespace egovkpi::sim {
namespace {

using namespace std::chrono_literals;

Date Day(int y, unsigned m, unsigned d) {
  return Date(std::chrono::year(y) / std::chrono::month(m) / std::chrono::day(d));
}

const Time kT0 = StartOfLocalDay(Day(2021, 3, 5)) + 9h;

TEST(StringTable, GivesEachTextItsOwnIndexInOrder) {
  StringTable table;
  EXPECT_TRUE(table.empty());
  EXPECT_EQ(table.Add("H21.12-210305-0001"), 0u);
  EXPECT_EQ(table.Add(""), 1u);
  EXPECT_EQ(table.Add("H21.12-210305-0001"), 2u);  // equal texts are separate entries
  EXPECT_EQ(table.size(), 3u);
  EXPECT_EQ(table[0], "H21.12-210305-0001");
  EXPECT_EQ(table[1], "");
  EXPECT_EQ(table[2], "H21.12-210305-0001");
  EXPECT_EQ(table.at(2), table[2]);
  EXPECT_THROW((void)table.at(3), std::out_of_range);
}

TEST(StringTable, AddsOneOfItsOwnEntriesSafely) {
  StringTable table;
  table.Add("abc");
  for (StringTable::Index i = 0; i < 1000; ++i) table.Add(table[i]);  // growing moves the text
  EXPECT_EQ(table.size(), 1001u);
  for (StringTable::Index i = 0; i < 1001; ++i) ASSERT_EQ(table[i], "abc");
}

TEST(DossierRecord, KeepsItsTimesAndStepsInOrder) {
  Dossier d;
  d.set_submitted_at(kT0);
  EXPECT_FALSE(d.due_at().has_value());
  EXPECT_FALSE(d.deleted_at().has_value());
  d.AddStep(kT0, 1);
  d.AddStep(kT0 + 2h, 2);
  d.AddStep(kT0 + 2h, 4);  // equal times are kept as given
  d.set_due_at(kT0 + std::chrono::days(10));
  d.set_deleted_at(kT0 + std::chrono::days(40));
  EXPECT_EQ(d.submitted_at(), kT0);
  EXPECT_EQ(d.due_at(), kT0 + std::chrono::days(10));
  EXPECT_EQ(d.deleted_at(), kT0 + std::chrono::days(40));
  ASSERT_EQ(d.step_count(), 3u);
  std::vector<std::pair<Time, int>> steps;
  for (const DossierStep step : d.steps()) steps.emplace_back(step.at, step.status);
  EXPECT_EQ(steps, (std::vector<std::pair<Time, int>>{{kT0, 1}, {kT0 + 2h, 2}, {kT0 + 2h, 4}}));
  EXPECT_EQ(d.steps().back().status, 4);
  d.set_due_at(std::nullopt);
  EXPECT_FALSE(d.due_at().has_value());
}

TEST(DossierRecord, MovingTheSubmissionMovesNoOtherTime) {
  Dossier d;
  d.set_submitted_at(kT0);
  d.AddStep(kT0 + 1h, 2);
  d.set_due_at(kT0 + 5h);
  d.set_submitted_at(kT0 - std::chrono::days(3));  // submitted earlier, online
  EXPECT_EQ(d.submitted_at(), kT0 - std::chrono::days(3));
  EXPECT_EQ(d.step(0).at, kT0 + 1h);
  EXPECT_EQ(d.due_at(), kT0 + 5h);
  EXPECT_FALSE(d.deleted_at().has_value());
}

TEST(DossierRecord, RefusesTimesItCannotHoldAndStepsPastItsRoom) {
  Dossier d;
  d.set_submitted_at(kT0);
  EXPECT_THROW(d.AddStep(kT0 + std::chrono::years(70), 2), std::out_of_range);
  EXPECT_THROW(d.set_deleted_at(kT0 - std::chrono::years(70)), std::out_of_range);
  for (std::size_t i = 0; i < kMaxDossierSteps; ++i)
    d.AddStep(kT0 + std::chrono::minutes(static_cast<int>(i)), 4);
  EXPECT_THROW(d.AddStep(kT0 + 1h, 9), std::length_error);
  EXPECT_EQ(d.step_count(), kMaxDossierSteps);
}

TEST(DocumentRecord, KeepsItsListsAndTimes) {
  Document d;
  d.set_promulgation_date(Day(2021, 3, 5));
  d.AddPeer(OrganRef::Unit(2));
  d.AddPeer(OrganRef::Outside(0));
  d.AddSignature({false, true, 1, kT0});
  d.AddSignature({true, false, 0, kT0 + 10min});
  d.set_exchanged_at(kT0 + 1h);
  d.AddVersion(kT0 + 1h, DocumentStatus::kInbox);
  d.AddVersion(kT0 + std::chrono::days(3), DocumentStatus::kAcceptance);

  EXPECT_EQ(d.promulgation_date(), Day(2021, 3, 5));
  ASSERT_EQ(d.peer_count(), 2u);
  EXPECT_EQ(d.peer(0), OrganRef::Unit(2));
  EXPECT_TRUE(d.peer(1) == OrganRef::Outside(0) && !d.peer(1).is_unit());
  ASSERT_EQ(d.signature_count(), 2u);
  EXPECT_FALSE(d.signature(0).organization);
  EXPECT_TRUE(d.signature(0).valid);
  EXPECT_EQ(d.signature(0).signer, 1u);
  EXPECT_EQ(d.signature(0).signing_time, kT0);
  EXPECT_TRUE(d.signature(1).organization);
  EXPECT_FALSE(d.signature(1).valid);
  EXPECT_EQ(d.signature(1).signing_time, kT0 + 10min);
  ASSERT_EQ(d.version_count(), 2u);
  EXPECT_EQ(d.versions().front().updated_at, kT0 + 1h);
  EXPECT_EQ(d.versions().back().status, DocumentStatus::kAcceptance);

  // The exchange time is SentAt or ReceivedAt by the direction.
  d.outgoing = true;
  EXPECT_EQ(d.sent_at(), kT0 + 1h);
  EXPECT_FALSE(d.received_at().has_value());
  d.outgoing = false;
  EXPECT_EQ(d.received_at(), kT0 + 1h);
  EXPECT_FALSE(d.sent_at().has_value());

  // Another promulgation date moves no time.
  d.set_promulgation_date(Day(2021, 2, 26));
  EXPECT_EQ(d.received_at(), kT0 + 1h);
  EXPECT_EQ(d.version(1).updated_at, kT0 + std::chrono::days(3));
  EXPECT_EQ(d.signature(1).signing_time, kT0 + 10min);
}

TEST(DocumentRecord, RefusesEntriesPastItsRoom) {
  Document d;
  d.set_promulgation_date(Day(2021, 3, 5));
  for (std::size_t i = 0; i < kMaxDocumentPeers; ++i) d.AddPeer(OrganRef::Unit(0));
  EXPECT_THROW(d.AddPeer(OrganRef::Unit(1)), std::length_error);
  for (std::size_t i = 0; i < kMaxDocumentSignatures; ++i) d.AddSignature({true, true, 0, kT0});
  EXPECT_THROW(d.AddSignature({true, true, 0, kT0}), std::length_error);
  for (std::size_t i = 0; i < kMaxDocumentVersions; ++i) {
    d.AddVersion(kT0 + std::chrono::hours(static_cast<int>(i)), DocumentStatus::kProcessing);
  }
  EXPECT_THROW(d.AddVersion(kT0 + 1000h, DocumentStatus::kDone), std::length_error);
}

TEST(DocumentRecord, DocumentIdIsDerivedFromIssuerDateNumberAndNotation) {
  Province p;
  p.units = {{"000.00.12.H21", "Sở Thông tin và Truyền thông", 1, "H21", true}};
  p.outside_organs = {"000.00.00.G09"};
  p.document_notations = {"STTTT-VP", "QĐ-UBND"};
  Document out;
  out.organ = 0;
  out.issuer = OrganRef::Unit(0);
  out.code_number = 123;
  out.notation = 0;
  out.set_promulgation_date(Day(2021, 3, 5));
  EXPECT_EQ(DocumentId(p, out), "000.00.12.H21,2021/03/05,123/STTTT-VP");
  Document in = out;
  in.outgoing = false;
  in.issuer = OrganRef::Outside(0);
  in.notation = 1;
  std::string appended = "x:";
  AppendDocumentId(p, in, appended);
  EXPECT_EQ(appended, "x:000.00.00.G09,2021/03/05,123/QĐ-UBND");
  EXPECT_EQ(OrganCode(p, OrganRef::Unit(0)), "000.00.12.H21");
  EXPECT_EQ(OrganCode(p, OrganRef::Outside(0)), "000.00.00.G09");
}

TEST(DocumentRecord, NamesOfTransportsAndStatusesAreTheContracts) {
  EXPECT_EQ(TransportName(Transport::kAxis), "axis");
  EXPECT_EQ(TransportName(Transport::kLgsp), "lgsp");
  EXPECT_EQ(TransportName(Transport::kEmail), "email");
  EXPECT_EQ(TransportName(Transport::kPaper), "paper");
  EXPECT_EQ(DocumentStatusName(DocumentStatus::kInbox), "inbox");
  EXPECT_EQ(DocumentStatusName(DocumentStatus::kAcceptance), "acceptance");
  EXPECT_EQ(DocumentStatusName(DocumentStatus::kRejection), "rejection");
  EXPECT_EQ(DocumentStatusName(DocumentStatus::kProcessing), "processing");
  EXPECT_EQ(DocumentStatusName(DocumentStatus::kDone), "done");
  EXPECT_EQ(DocumentStatusName(DocumentStatus::kFail), "fail");
}

}  // namespace
}  // namespace egovkpi::sim
