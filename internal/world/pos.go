package world

import "gopkg.in/yaml.v3"

// pos is a place in the parsed document, kept only to put line numbers on errors found after
// decoding. Each step falls back to where it started when the key or item is absent, so a
// missing setting is reported at the entry that lacks it.
type pos struct{ n *yaml.Node }

// key moves to the value of key k in a mapping.
func (p pos) key(k string) pos {
	n := deref(p.n)
	if n != nil && n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == k {
				return pos{deref(n.Content[i+1])}
			}
		}
	}
	return p
}

// index moves to item i of a sequence.
func (p pos) index(i int) pos {
	n := deref(p.n)
	if n != nil && n.Kind == yaml.SequenceNode && i < len(n.Content) {
		return pos{deref(n.Content[i])}
	}
	return p
}

func (p pos) line() int {
	if p.n == nil || p.n.Line == 0 {
		return 1
	}
	return p.n.Line
}

// deref looks through documents and aliases to the node that holds the content.
func deref(n *yaml.Node) *yaml.Node {
	for n != nil {
		switch {
		case n.Kind == yaml.DocumentNode && len(n.Content) > 0:
			n = n.Content[0]
		case n.Kind == yaml.AliasNode && n.Alias != nil:
			n = n.Alias
		default:
			return n
		}
	}
	return nil
}
