#include "server/store/stats_query_key.h"

#include <gtest/gtest.h>

namespace insights {
namespace {

StatsQuery Query(std::string workspace, std::vector<std::string> projects,
                 std::vector<std::string> labelers = {}) {
  return StatsQuery{std::move(workspace), 100, 200, std::move(projects),
                    std::move(labelers)};
}

TEST(StatsQueryKeyTest, TheSameQuestionHasTheSameKey) {
  EXPECT_EQ(StatsQueryKey(Query("w", {"p"})), StatsQueryKey(Query("w", {"p"})));
  // The deadline is not part of what is asked.
  StatsQuery soon = Query("w", {"p"});
  soon.deadline = std::chrono::system_clock::now();
  EXPECT_EQ(StatsQueryKey(soon), StatsQueryKey(Query("w", {"p"})));
}

TEST(StatsQueryKeyTest, DifferentQuestionsHaveDifferentKeys) {
  const std::vector<StatsQuery> queries = {
      Query("w", {"p"}),
      Query("w", {"p", "q"}),
      Query("w", {}),
      Query("w", {}, {"p"}),  // a labeler, not a project
      Query("v", {"p"}),
      // "a" + "b:c" must not collide with "a:b" + "c".
      Query("w", {"a", "b:c"}),
      Query("w", {"a:b", "c"}),
      StatsQuery{"w", 100, 201, {"p"}, {}},
      StatsQuery{"w", 99, 200, {"p"}, {}},
  };
  for (size_t i = 0; i < queries.size(); ++i) {
    for (size_t j = i + 1; j < queries.size(); ++j) {
      EXPECT_NE(StatsQueryKey(queries[i]), StatsQueryKey(queries[j]))
          << i << " and " << j;
    }
  }
}

}  // namespace
}  // namespace insights
