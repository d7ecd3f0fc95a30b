package pattern_test

import (
	"fmt"

	"github.com/fusion-cti/fusion/internal/stix/pattern"
)

func ExampleParse() {
	p, err := pattern.Parse(`[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f'
	  OR file:name IN ('invoice.exe', 'invoice.scr')] FOLLOWEDBY [ipv4-addr:value='198.51.100.7'] WITHIN 300 SECONDS`)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p)
	for _, o := range p.Observables() {
		fmt.Printf("%s %s %s\n", o.Type, o.Path, o.Value)
	}

	_, err = pattern.Parse("[file:name = 'a' AND ]")
	fmt.Println(err)
	// Output:
	// [file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f' OR file:name IN ('invoice.exe', 'invoice.scr')] FOLLOWEDBY [ipv4-addr:value = '198.51.100.7'] WITHIN 300 SECONDS
	// file hashes.'SHA-256' aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f
	// file name invoice.exe
	// file name invoice.scr
	// ipv4-addr value 198.51.100.7
	// line 1 col 22: expected comparison after AND, found ']'
}
