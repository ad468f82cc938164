# eventcal: static binary on distroless. Generated code (templ, sqlc) and the
# vendored htmx are committed, so the build needs only the Go toolchain.

FROM golang:1.26-bookworm AS build
WORKDIR /src
ENV CGO_ENABLED=0 GOFLAGS=-mod=readonly
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    go build -trimpath -ldflags="-s -w" -o /out/eventcal . \
 && mkdir -p /out/work

# distroless/static: CA certificates, tzdata and /etc/passwd, no shell.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/eventcal /eventcal
# A writable working directory for LOG_FILE (applogging.log by default).
COPY --from=build --chown=65532:65532 /out/work /var/lib/eventcal
WORKDIR /var/lib/eventcal
USER 65532:65532
ENV ADDR=:8000
EXPOSE 8000
ENTRYPOINT ["/eventcal"]
CMD ["serve"]
