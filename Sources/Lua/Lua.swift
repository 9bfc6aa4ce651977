// Lua: the module a Swift app imports to embed Lua 5.4. It is the embedding API (LuaEmbedding,
// re-exported whole) plus what needs Foundation: LuaError as a LocalizedError.
//
// Invariant: nothing but re-exports and Foundation conformances lives here, so the vmrepl binary,
// which uses LuaEmbedding directly, links no Foundation.

@_exported import LuaEmbedding
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension LuaError: LocalizedError {
    /// The error's message, as `localizedDescription` shows it.
    public var errorDescription: String? { message }
}
