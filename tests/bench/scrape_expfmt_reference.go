// scrape_exposition.sh's reference: Go's expfmt.TextParser (Debian's
// golang-github-prometheus-common-dev), built offline in GOPATH mode, over
// the same file. Prints "families N samples M" as scrape_parse does.
package main

import (
	"bufio"
	"fmt"
	"os"

	"github.com/prometheus/common/expfmt"
)

func main() {
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(66)
	}
	var parser expfmt.TextParser
	families, err := parser.TextToMetricFamilies(bufio.NewReaderSize(f, 1<<20))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(65)
	}
	samples := 0
	for _, family := range families {
		for _, m := range family.Metric {
			if m.Histogram != nil {
				samples += len(m.Histogram.Bucket) + 2
			} else if m.Summary != nil {
				samples += len(m.Summary.Quantile) + 2
			} else {
				samples++
			}
		}
	}
	fmt.Printf("families %d samples %d\n", len(families), samples)
}
