package containers

import (
	"context"
	"testing"

	"github.com/moby/moby/client"
	"github.com/testcontainers/testcontainers-go"
)

func TestProbe(t *testing.T) {
	cli, err := testcontainers.NewDockerClientWithOpts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	v, err := cli.ServerVersion(context.Background(), client.ServerVersionOptions{})
	t.Logf("%+v %v", v, err)
	t.Log(cli.ClientVersion())
}
