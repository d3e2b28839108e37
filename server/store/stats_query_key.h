#ifndef INSIGHTS_SERVER_STORE_STATS_QUERY_KEY_H_
#define INSIGHTS_SERVER_STORE_STATS_QUERY_KEY_H_

#include <string>

#include "server/store/store.h"

namespace insights {

// A string equal for two queries exactly when they ask the same thing: the
// key under which caches keep a query's answer.
std::string StatsQueryKey(const StatsQuery& query);

}  // namespace insights

#endif  // INSIGHTS_SERVER_STORE_STATS_QUERY_KEY_H_
