package containers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/moby/moby/client"
	"github.com/testcontainers/testcontainers-go"
)

// Defaults of BuildOptions.
const (
	DefaultImagePrefix = "idpsim/"
	DefaultImageTag    = "dev"
)

// Images names the images of a stack. An empty name is not run.
type Images struct {
	IDPSim      string
	CastSim     string
	Conformance string
}

// Names lists the names that are set.
func (im Images) Names() []string {
	var names []string
	for _, n := range []string{im.IDPSim, im.CastSim, im.Conformance} {
		if n != "" {
			names = append(names, n)
		}
	}
	return names
}

// BuildOptions say which images BuildImages builds and from where.
type BuildOptions struct {
	// RepoRoot is the idpsim repository; found at or above the working
	// directory when empty.
	RepoRoot string
	// Prefix and Tag name the images: Prefix+target+":"+Tag
	// (DefaultImagePrefix, DefaultImageTag).
	Prefix string
	Tag    string
	// Targets are the stages to build (TargetIDPSim, ...); all when empty.
	Targets []string
	// CABundle is the PEM bundle copied in as the system roots; the host's
	// when empty.
	CABundle string
	// Log receives the engine's build output; discarded when nil.
	Log io.Writer
}

func (o BuildOptions) withDefaults() (BuildOptions, error) {
	if o.RepoRoot == "" {
		wd, err := os.Getwd()
		if err != nil {
			return o, fmt.Errorf("find repo root: %w", err)
		}
		if o.RepoRoot, err = FindRepoRoot(wd); err != nil {
			return o, err
		}
	}
	if o.Prefix == "" {
		o.Prefix = DefaultImagePrefix
	}
	if o.Tag == "" {
		o.Tag = DefaultImageTag
	}
	if len(o.Targets) == 0 {
		o.Targets = stageOrder
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	return o, nil
}

// ImageName is the name BuildImages gives the image of target.
func (o BuildOptions) ImageName(target string) string {
	o, _ = o.withDefaults()
	return o.Prefix + target + ":" + o.Tag
}

// BuildImages cross-builds the binaries and builds the images o names, FROM
// scratch: nothing is pulled.
func BuildImages(ctx context.Context, o BuildOptions) (Images, error) {
	o, err := o.withDefaults()
	if err != nil {
		return Images{}, err
	}
	names, err := binariesFor(o.Targets)
	if err != nil {
		return Images{}, err
	}
	caBundle, err := findCABundle(o.CABundle)
	if err != nil {
		return Images{}, err
	}
	cli, err := testcontainers.NewDockerClientWithOpts(ctx)
	if err != nil {
		return Images{}, fmt.Errorf("connect to docker: %w", err)
	}
	defer cli.Close()
	ver, err := cli.ServerVersion(ctx, client.ServerVersionOptions{})
	if err != nil {
		return Images{}, fmt.Errorf("ask docker its version: %w", err)
	}

	binDir, err := os.MkdirTemp("", "idpsim-image-")
	if err != nil {
		return Images{}, fmt.Errorf("make build folder: %w", err)
	}
	defer os.RemoveAll(binDir)
	if err := crossBuild(ctx, o.RepoRoot, binDir, ver.Arch, names); err != nil {
		return Images{}, err
	}
	files := contextFiles(o.RepoRoot, binDir, caBundle, names)

	var im Images
	for _, t := range o.Targets {
		name := o.ImageName(t)
		if err := buildTarget(ctx, cli, files, t, name, o.Log); err != nil {
			return im, err
		}
		im.set(t, name)
	}
	return im, nil
}

func (im *Images) set(target, name string) {
	switch target {
	case TargetIDPSim:
		im.IDPSim = name
	case TargetCastSim:
		im.CastSim = name
	case TargetConformance:
		im.Conformance = name
	}
}

// buildTarget builds one stage of the Dockerfile and tags it name.
func buildTarget(ctx context.Context, cli *testcontainers.DockerClient, files []contextFile,
	target, name string, log io.Writer,
) error {
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(writeContext(pw, files)) }()
	defer pr.Close()

	res, err := cli.ImageBuild(ctx, pr, client.ImageBuildOptions{
		Tags: []string{name}, Target: target, Remove: true, ForceRemove: true,
	})
	if err != nil {
		return fmt.Errorf("build image %s: %w", name, err)
	}
	defer res.Body.Close()
	if err := readBuildStream(res.Body, log); err != nil {
		return fmt.Errorf("build image %s: %w", name, err)
	}
	return nil
}

// buildMessage is one line of the engine's build output stream.
type buildMessage struct {
	Stream      string `json:"stream"`
	Error       string `json:"error"`
	ErrorDetail struct {
		Message string `json:"message"`
	} `json:"errorDetail"`
}

// readBuildStream copies the build output to log and returns the build's
// error, if it reported one.
func readBuildStream(r io.Reader, log io.Writer) error {
	dec := json.NewDecoder(r)
	for {
		var m buildMessage
		err := dec.Decode(&m)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read build output: %w", err)
		}
		if m.Error != "" {
			return errors.New(strings.TrimSpace(m.Error))
		}
		if m.ErrorDetail.Message != "" {
			return errors.New(strings.TrimSpace(m.ErrorDetail.Message))
		}
		_, _ = io.WriteString(log, m.Stream)
	}
}

// RemoveImages removes the named images (and their untagged parents).
func RemoveImages(ctx context.Context, names ...string) error {
	cli, err := testcontainers.NewDockerClientWithOpts(ctx)
	if err != nil {
		return fmt.Errorf("connect to docker: %w", err)
	}
	defer cli.Close()
	var errs []error
	for _, n := range names {
		if _, err := cli.ImageRemove(ctx, n, client.ImageRemoveOptions{PruneChildren: true}); err != nil {
			errs = append(errs, fmt.Errorf("remove image %s: %w", n, err))
		}
	}
	return errors.Join(errs...)
}
