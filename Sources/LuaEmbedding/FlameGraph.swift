// A flame graph of a profile as an SVG file, drawn here (no external tool): one box per frame of
// the merged stack tree, its width proportional to its samples, the root at the bottom, coloured
// by tier (compiled code green, interpreter warm, natives blue-grey).
//
// Invariants: the output is well-formed XML (every text and attribute escaped); every box is one
// `<g>` holding a `<title>` (the frame's name, tier and samples, shown on hover) and a `<rect>`,
// plus a `<text>` label when the box is wide enough; children are drawn in name order, so the
// same profile always gives the same file; boxes narrower than `minWidth` are left out (their
// samples still count in their parents' widths).

extension Profile {
    /// A node of the merged tree: a function frame in a tier, under its parent.
    final class FlameNode {
        let label: String, tier: ProfileTier
        var count = 0
        var children: [String: FlameNode] = [:]
        init(_ label: String, _ tier: ProfileTier) { self.label = label; self.tier = tier }
        func child(_ label: String, _ tier: ProfileTier) -> FlameNode {
            let key = label + "\u{0}" + tier.rawValue
            if let c = children[key] { return c }
            let c = FlameNode(label, tier)
            children[key] = c
            return c
        }
        var depth: Int { 1 + (children.values.map(\.depth).max() ?? 0) }
    }

    /// The SVG text of the flame graph, titled `title`.
    public func flameGraphSVG(title: String = "vmrepl profile", width: Int = 1200) -> String {
        let labels = functions.map(\.label)
        let root = FlameNode("all", .native)
        for s in stacks {
            root.count += s.count
            var node = root
            for f in s.frames {
                node = node.child(labels[f.function], f.tier)
                node.count += s.count
            }
        }
        let rowHeight = 17, top = 44, bottom = 34, margin = 10.0
        let depth = root.depth  // the "all" box included
        let height = top + depth * rowHeight + bottom
        let scale = root.count > 0 ? (Double(width) - 2 * margin) / Double(root.count) : 0
        var out = """
        <?xml version="1.0" encoding="UTF-8" standalone="no"?>
        <svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="\(width)" height="\(height)" \
        viewBox="0 0 \(width) \(height)" font-family="Verdana, sans-serif" font-size="12">
        <rect x="0" y="0" width="\(width)" height="\(height)" fill="#fbfbf7"/>
        <text x="\(width / 2)" y="24" text-anchor="middle" font-size="17">\(Self.xmlEscaped(title))</text>

        """
        let legend = "\(samples) samples every \(intervalMicroseconds) µs. Width: share of samples. "
            + "Green: compiled code, orange: interpreter, blue: natives."
        out += "<text x=\"\(Int(margin))\" y=\"\(height - 12)\" fill=\"#555\">\(Self.xmlEscaped(legend))</text>\n"
        func draw(_ n: FlameNode, x: Double, level: Int) {
            let w = Double(n.count) * scale
            guard w >= Self.minWidth else { return }
            let y = height - bottom - (level + 1) * rowHeight
            let share = root.count > 0 ? Double(n.count) * 100 / Double(root.count) : 0
            let tierText = n === root ? "" : ", \(n.tier.rawValue)"
            let tip = "\(n.label)\(tierText): \(n.count) samples (\(Self.fixed(share, 2))%)"
            out += "<g><title>\(Self.xmlEscaped(tip))</title>"
            // A hairline between neighbours (boxes of one tier have close colours).
            let drawn = w > 2 ? w - 0.5 : w
            out += "<rect x=\"\(Self.fixed(x, 2))\" y=\"\(y)\" width=\"\(Self.fixed(drawn, 2))\" height=\"\(rowHeight - 1)\" "
            out += "fill=\"\(n === root ? "#d0d0c8" : Self.colour(n.label, n.tier))\" rx=\"2\"/>"
            let fits = Int((w - 6) / 7)
            if fits >= 3 {
                let text = n.label.count <= fits ? n.label : String(n.label.prefix(fits - 2)) + ".."
                out += "<text x=\"\(Self.fixed(x + 3, 2))\" y=\"\(y + rowHeight - 5)\">\(Self.xmlEscaped(text))</text>"
            }
            out += "</g>\n"
            var cx = x
            for c in n.children.values.sorted(by: { ($0.label, $0.tier.rawValue) < ($1.label, $1.tier.rawValue) }) {
                draw(c, x: cx, level: level + 1)
                cx += Double(c.count) * scale
            }
        }
        draw(root, x: margin, level: 0)
        return out + "</svg>\n"
    }

    static let minWidth = 0.1

    /// `&`, `<`, `>`, `"` and `'` as entities; control characters XML 1.0 forbids dropped.
    static func xmlEscaped(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out += " "
            default: if u.value >= 0x20 && u.value != 0xFFFE && u.value != 0xFFFF { out.unicodeScalars.append(u) }
            }
        }
        return out
    }

    /// `v` with `digits` decimals (no Foundation formatting in this module).
    static func fixed(_ v: Double, _ digits: Int) -> String {
        var p = 1.0
        for _ in 0..<digits { p *= 10 }
        let n = Int((v * p).rounded())
        let whole = n / Int(p), frac = abs(n % Int(p))
        let fracText = String(frac)
        return (n < 0 && whole == 0 ? "-" : "") + "\(whole)." + String(repeating: "0", count: digits - fracText.count) + fracText
    }

    /// A colour per tier, its shade varying with the name so that neighbours differ.
    static func colour(_ label: String, _ tier: ProfileTier) -> String {
        var h: UInt32 = 2166136261
        for b in label.utf8 { h = (h ^ UInt32(b)) &* 16777619 }
        let v = Int(h % 56)
        switch tier {
        case .compiled: return "rgb(\(60 + v),\(170 + v / 2),\(60 + v / 2))"
        case .interpreted: return "rgb(\(230 + v / 3),\(120 + v),\(40 + v / 2))"
        case .native: return "rgb(\(100 + v),\(140 + v),\(200 + v / 2))"
        }
    }
}
