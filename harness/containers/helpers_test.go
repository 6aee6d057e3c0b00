package containers

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/moby/moby/client"
	"github.com/testcontainers/testcontainers-go"
)

func portString(p int) string { return strconv.Itoa(p) }

// testTag names the images one test run builds, so runs never share them.
func testTag(t *testing.T) string {
	t.Helper()
	var b [4]byte
	_, _ = rand.Read(b[:])
	return "test-" + hex.EncodeToString(b[:])
}

// call sends a JSON request and decodes a JSON answer into out (when not
// nil); it fails the test unless the status is want.
func call(t *testing.T, method, url string, header http.Header, body []byte, want int, out any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, url, bytes.NewReader(body))
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	req.Header = header.Clone()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d: %s", method, url, resp.StatusCode, want, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("%s %s: decode %s: %v", method, url, data, err)
		}
	}
}

// assertGone fails the test if a container or a network labelled label
// (key=value) is still there.
func assertGone(t *testing.T, label string) {
	t.Helper()
	ctx := context.Background()
	cli, err := testcontainers.NewDockerClientWithOpts(ctx)
	if err != nil {
		t.Fatalf("connect to docker: %v", err)
	}
	defer cli.Close()
	ctrs, err := cli.ContainerList(ctx, client.ContainerListOptions{
		All:     true,
		Filters: client.Filters{}.Add("label", label),
	})
	if err != nil {
		t.Fatalf("list containers: %v", err)
	}
	for _, c := range ctrs.Items {
		t.Errorf("container %s (%s) labelled %s is left behind", c.ID[:12], c.Image, label)
	}
	nets, err := cli.NetworkList(ctx, client.NetworkListOptions{
		Filters: client.Filters{}.Add("label", label),
	})
	if err != nil {
		t.Fatalf("list networks: %v", err)
	}
	for _, n := range nets.Items {
		t.Errorf("network %s labelled %s is left behind", n.Name, label)
	}
}
