package harness

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
)

// reportFile is one report the run writes: the flag that asks for it and its path.
type reportFile struct{ kind, path string }

func (c Config) reportFiles() []reportFile {
	var out []reportFile
	if c.JUnitFile != "" {
		out = append(out, reportFile{"--junit", c.JUnitFile})
	}
	if c.CucumberFile != "" {
		out = append(out, reportFile{"--cucumber", c.CucumberFile})
	}
	return out
}

// checkReportPaths reports two reports written to one file.
func (c Config) checkReportPaths() error {
	if c.JUnitFile != "" && filepath.Clean(c.JUnitFile) == filepath.Clean(c.CucumberFile) {
		return fmt.Errorf("--junit and --cucumber both name %s: name two files", c.JUnitFile)
	}
	return nil
}

// PrepareReports creates the missing folders of the report files and proves
// each file can be written, so that a bad path stops the run before its
// first scenario rather than after its last. It leaves no new file behind:
// the reports are written when the run ends; and when a report cannot be
// written, no new folder either. Run calls it; a caller with a long set-up of
// its own (containers) calls it first too.
func (c Config) PrepareReports() error {
	var errs []error
	var made []string
	for _, r := range c.reportFiles() {
		dirs, err := prepareFile(r.path)
		made = append(made, dirs...)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s %s: %w", r.kind, r.path, err))
		}
	}
	if len(errs) > 0 {
		// Deepest first; a folder that is not empty stays.
		for _, d := range slices.Backward(made) {
			_ = os.Remove(d)
		}
	}
	return errors.Join(errs...)
}

// prepareFile creates the folders of path, opens it for writing without
// truncating it, and removes it again when it did not exist. It returns
// the folders it created, outermost first.
func prepareFile(path string) ([]string, error) {
	made := missingDirs(filepath.Dir(path))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	_, err := os.Stat(path)
	existed := !errors.Is(err, fs.ErrNotExist)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		return made, err
	}
	if err := f.Close(); err != nil {
		return made, err
	}
	if !existed {
		return made, os.Remove(path)
	}
	return made, nil
}

// missingDirs lists dir and those of its parents that do not exist yet,
// outermost first.
func missingDirs(dir string) []string {
	var out []string
	for {
		if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
			break
		}
		out = append(out, dir)
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	slices.Reverse(out)
	return out
}
