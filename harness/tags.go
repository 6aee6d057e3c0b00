package harness

import (
	"bufio"
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/cucumber/godog"
)

// godog v0.16.0 reads a tag expression as terms joined by "," (or) and "&&"
// (and), each term a tag with an optional "~" (not). It has no parentheses
// and no "||"; it panics on an empty term ("@a &&") and reads anything else
// it does not know ("@a and not @b") as the name of a tag no scenario has,
// so the run selects nothing without a word. checkTags refuses both before
// the run starts.

// tagTerm is one term of an expression: a tag, or "~" and a tag.
var tagTerm = regexp.MustCompile(`^~?@[^\s@~,&|()!]+$`)

// checkTags reports an expression godog would not read as its author meant.
func checkTags(expr string) error {
	if expr == "" {
		return nil
	}
	for _, or := range strings.Split(expr, ",") {
		for _, term := range strings.Split(or, "&&") {
			if !tagTerm.MatchString(strings.TrimSpace(term)) {
				return badTags(expr)
			}
		}
	}
	return nil
}

func badTags(expr string) error {
	return fmt.Errorf("tag expression %q does not parse: write @tag, ~@tag (not), && (and), a comma (or)", expr)
}

// featureTags lists the tags the features carry, sorted, to show when an
// expression selects nothing.
func featureTags(features []godog.Feature) []string {
	var tags []string
	for _, f := range features {
		sc := bufio.NewScanner(bytes.NewReader(f.Contents))
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if !strings.HasPrefix(line, "@") {
				continue
			}
			for _, word := range strings.Fields(line) {
				if strings.HasPrefix(word, "@") && !slices.Contains(tags, word) {
					tags = append(tags, word)
				}
			}
		}
	}
	slices.Sort(tags)
	return tags
}
