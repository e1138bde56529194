# ladder as a CI image: a static musl binary built on Alpine, run on Alpine as a non-root user
# with git (for `lint --new-since` and `diff`) and a shell (which GitLab runners need).
#
#   docker build -t ladder .
#   docker run --rm -v "$PWD:/work" -w /work ladder lint

FROM rust:1.95-alpine AS build
RUN apk add --no-cache musl-dev
WORKDIR /src
# The whole project (.dockerignore leaves out target/ and .git/): Cargo.toml names the test
# targets, and cargo wants their files there even for a release build.
COPY . .
# Alpine's Rust targets musl, which links statically by default.
RUN cargo build --release --locked \
    && strip target/release/ladder \
    && ./target/release/ladder --version

FROM alpine:3.22
RUN apk add --no-cache git ca-certificates \
    && adduser -D -u 10001 ladder \
    # A checkout owned by another user is still readable by git.
    && git config --system safe.directory '*'
COPY --from=build /src/target/release/ladder /usr/local/bin/ladder
USER ladder
WORKDIR /work
ENTRYPOINT ["ladder"]
CMD ["--help"]
