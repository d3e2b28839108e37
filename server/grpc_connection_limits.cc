#include "server/grpc_connection_limits.h"

#include <grpc/grpc.h>

namespace insights {
namespace {

constexpr int kSecond = 1000;  // channel arguments are in milliseconds
constexpr int kMinute = 60 * kSecond;

// A connection must finish its TLS handshake and send HTTP/2's preface and
// SETTINGS within this time, or it is closed. gRPC's default, two minutes,
// lets a client that opens sockets and says nothing keep each for that
// long; a real client needs a few round trips, well under a second.
constexpr int kHandshakeTimeoutMs = 20 * kSecond;

// A connection with no call for this long is closed (with GOAWAY, so that
// clients reconnect without an error). Ten minutes keeps a dashboard that
// asks every few minutes on one connection, and frees what abandoned
// connections hold.
constexpr int kMaxIdleMs = 10 * kMinute;

// The server pings a connection after a minute of silence and closes it
// when no answer comes within 20 s: a peer that vanished without closing
// (a crashed host, a cut network) releases its calls and socket in about
// 80 s instead of gRPC's default of over two hours.
constexpr int kKeepaliveTimeMs = 1 * kMinute;
constexpr int kKeepaliveTimeoutMs = 20 * kSecond;

// Clients may keep their connections alive with pings of their own, even
// between calls, but no more often than every 10 s (gRPC's default asks 5
// minutes, which refuses common client settings such as 30 s). A client
// pinging faster gets GOAWAY at its third such ping: pings cost the server
// work that no call pays for.
constexpr int kMinClientPingIntervalMs = 10 * kSecond;
constexpr int kMaxPingStrikes = 2;

// Calls open at once on one connection. gRPC's default is unbounded, which
// would let one client take every thread of --max-threads; 100 is the
// floor HTTP/2 recommends, and more calls from that client wait their turn
// on its side.
constexpr int kMaxConcurrentStreams = 100;

}  // namespace

void ApplyGrpcConnectionLimits(grpc::ServerBuilder& builder) {
  builder.AddChannelArgument(GRPC_ARG_SERVER_HANDSHAKE_TIMEOUT_MS,
                             kHandshakeTimeoutMs);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_IDLE_MS, kMaxIdleMs);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, kKeepaliveTimeMs);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS,
                             kKeepaliveTimeoutMs);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  builder.AddChannelArgument(
      GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS,
      kMinClientPingIntervalMs);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PING_STRIKES, kMaxPingStrikes);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS,
                             kMaxConcurrentStreams);
}

}  // namespace insights
