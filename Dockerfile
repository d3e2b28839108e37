# Annotation Insights: build on Debian bookworm with the same scripts CI runs,
# then ship only the two programs and their shared libraries. gRPC on 50051,
# REST on 8080.
FROM debian:bookworm AS build
WORKDIR /src
COPY scripts/install-deps scripts/install-deps
RUN scripts/install-deps
COPY . .
# Only the two programs the image ships; CI builds and runs the tests.
RUN scripts/build insights-server insights-client

FROM debian:bookworm-slim AS runtime
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      libgrpc++1.51 libprotobuf32 libsqlite3-0 libroaring0 libspdlog1.10 \
      libtcmalloc-minimal4 \
      libssl3 libabsl20220623 ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /data insights \
 && mkdir -p /data && chown insights /data
COPY --from=build /src/build/server/insights-server /usr/local/bin/
COPY --from=build /src/build/client/insights-client /usr/local/bin/

USER insights
WORKDIR /data
VOLUME ["/data"]
ENV INSIGHTS_DB=/data/insights.db \
    INSIGHTS_GRPC_ADDR=0.0.0.0:50051 \
    INSIGHTS_HTTP_ADDR=0.0.0.0:8080
EXPOSE 50051 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s \
  CMD ["insights-client", "--addr", "127.0.0.1:50051", "--timeout", "2", "health"]
ENTRYPOINT ["insights-server"]
