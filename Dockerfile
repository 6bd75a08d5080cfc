# The Stockade image for registries and users' CI (docker build / buildah / kaniko). On a machine
# without a daemon, build/image.sh assembles the same image FROM scratch (docs/install.md).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update && apt-get install -y --no-install-recommends clang zlib1g-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
ARG VERSION=0.1.0
RUN dotnet publish src/Stockade.Cli -c Release -r linux-x64 -p:PublishAot=true -p:Version=$VERSION -o /out

# Distroless "cc": glibc, libssl, zlib and CA certificates; no shell. 10001 as generate webhook runs it.
FROM gcr.io/distroless/cc-debian12:nonroot
ARG VERSION=0.1.0
ARG REVISION=unknown
LABEL org.opencontainers.image.title=stockade \
      org.opencontainers.image.source=https://github.com/stockade-dev/stockade \
      org.opencontainers.image.version=$VERSION \
      org.opencontainers.image.revision=$REVISION \
      org.opencontainers.image.licenses=NOASSERTION
COPY --from=build /out/stockade /usr/local/bin/stockade
USER 10001:10001
EXPOSE 8443
ENTRYPOINT ["/usr/local/bin/stockade"]
CMD ["--help"]
