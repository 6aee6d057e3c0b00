package containers

import (
	"context"
	"fmt"
	"time"

	"github.com/moby/moby/client"
	"github.com/testcontainers/testcontainers-go"
)

// pingTimeout bounds the check that an engine answers.
const pingTimeout = 10 * time.Second

// Ping reports whether a Docker engine answers where testcontainers looks
// for one (DOCKER_HOST, the socket, ~/.testcontainers.properties).
func Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, pingTimeout)
	defer cancel()
	cli, err := testcontainers.NewDockerClientWithOpts(ctx)
	if err != nil {
		return fmt.Errorf("connect to docker: %w", err)
	}
	defer cli.Close()
	if _, err := cli.Ping(ctx, client.PingOptions{NegotiateAPIVersion: true}); err != nil {
		return fmt.Errorf("ping docker: %w", err)
	}
	return nil
}
