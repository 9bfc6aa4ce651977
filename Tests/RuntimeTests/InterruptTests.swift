// The interrupt protocol end to end: a request posted through the VMState stops running Lua code
// at its next limit check (function entry or loop back-edge), pcall cannot catch it, and the VM
// stays usable. Also: deep recursion is an error, never a crash.

import CSigint
import Foundation
import Lua
import LuaRuntime
import XCTest

final class InterruptTests: XCTestCase {
    /// A hot loop with no calls reaches its back-edge check; a request from another thread stops it.
    func testHotLoopStoppedByRequestFromAnotherThread() throws {
        let vm = LuaVM()
        // The pointer crosses threads as an integer: the VMState words are atomics by design.
        let stateBits = UInt(bitPattern: vm.state)
        let poster = Thread {
            usleep(200_000)
            vmstate_request(UnsafeMutablePointer<VMState>(bitPattern: stateBits)!, UInt32(VMSTATE_REQUEST_INTERRUPT))
        }
        poster.start()
        let src = "local ok, e = pcall(function() local i = 0 while true do i = i + 1 end end) done = true"
        do {
            _ = try vm.run(Array(src.utf8), chunkName: "=loop")
            XCTFail("the loop should have been interrupted")
        } catch {
            XCTAssertTrue(error.isInterrupt)
            XCTAssertEqual(error.message, "interrupted")
            XCTAssertTrue(error.traceback.contains("loop:1:"), error.traceback)
        }
        // pcall did not catch it: `done` was never set.
        XCTAssertEqual(vm.typeName(vm.global("done")), "nil")
        // The VM is usable afterwards.
        let r = try vm.run(Array("x = 40 return x + 2".utf8), chunkName: "=after")
        XCTAssertEqual(try vm.tostring(r[0]), "42")
    }

    /// Numeric-for and generic-for back-edges check too; a request from a native stops them.
    func testForLoopsStoppedByRequestFromNative() throws {
        let vm = LuaVM()
        vm.clearInterrupt()
        let src = """
        local n = 0
        for i = 1, math.maxinteger do
          n = n + 1
          if n == 100000 then __request() end
        end
        """
        // A native that posts the request (same effect as the SIGINT handler).
        vm.core.setGlobal("__request", vm.core.newNative("__request") { a throws(VMError) in
            a.vm.requestInterrupt(); return 0 })
        XCTAssertThrowsError(try vm.run(Array(src.utf8), chunkName: "=for")) { e in
            XCTAssertTrue((e as? LuaError)?.isInterrupt ?? false)
        }
        let src2 = "for k in function() return 1 end do if not __done then __done = true __request() end end"
        XCTAssertThrowsError(try vm.run(Array(src2.utf8), chunkName: "=tfor")) { e in
            XCTAssertTrue((e as? LuaError)?.isInterrupt ?? false)
        }
        let r = try vm.run(Array("return 1 + 1".utf8), chunkName: "=ok")
        XCTAssertEqual(try vm.tostring(r[0]), "2")
    }

    /// To-be-closed variables still close when an interrupt unwinds.
    func testInterruptClosesTBC() throws {
        let vm = LuaVM()
        vm.core.setGlobal("__request", vm.core.newNative("__request") { a throws(VMError) in
            a.vm.requestInterrupt(); return 0 })
        let src = """
        closed = false
        do
          local x <close> = setmetatable({}, {__close = function() closed = true end})
          __request()
          while true do end
        end
        """
        XCTAssertThrowsError(try vm.run(Array(src.utf8), chunkName: "=tbc"))
        let r = try vm.run(Array("return closed".utf8), chunkName: "=check")
        XCTAssertEqual(try vm.tostring(r[0]), "true")
    }

    /// A million-deep recursion is a Lua error ("stack overflow"), not a crash.
    func testDeepRecursionIsAnError() throws {
        let vm = LuaVM()
        let src = "local function f(n) return 1 + f(n + 1) end local ok, e = pcall(f, 1) return ok, e"
        let r = try vm.run(Array(src.utf8), chunkName: "=deep")
        XCTAssertEqual(try vm.tostring(r[0]), "false")
        XCTAssertTrue(try vm.tostring(r[1]).contains("stack overflow"))
        let r2 = try vm.run(Array("return 3".utf8), chunkName: "=ok")
        XCTAssertEqual(try vm.tostring(r2[0]), "3")
    }

    /// The GC stress mode keeps a program's results and the heap healthy.
    func testGCStressKeepsHeapHealthy() throws {
        var o = LuaVMOptions()
        o.gcStress = true
        let vm = LuaVM(options: o)
        let src = """
        local t = {}
        for i = 1, 200 do t[i] = {i, tostring(i) .. "x"} end
        local s = 0
        for i, v in ipairs(t) do s = s + v[1] + #v[2] end
        return s
        """
        let r = try vm.run(Array(src.utf8), chunkName: "=gc")
        XCTAssertEqual(try vm.tostring(r[0]), "20792")
        vm.collectGarbage()
        XCTAssertEqual(vm.verifyHeap(), [])
    }

    /// Exceeding heapLimitBytes is a catchable Lua error ("not enough memory"); the VM recovers.
    func testHeapLimitIsALuaError() throws {
        var o = LuaVMOptions()
        o.heapLimitBytes = 64 << 20
        let vm = LuaVM(options: o)
        let src = """
        local t = {}
        local ok, e = pcall(function() while true do t[#t + 1] = {} end end)
        t = nil
        collectgarbage()
        return ok, e
        """
        let r = try vm.run(Array(src.utf8), chunkName: "=mem")
        XCTAssertEqual(try vm.tostring(r[0]), "false")
        XCTAssertEqual(try vm.tostring(r[1]), "not enough memory")
        XCTAssertLessThan(vm.heapBytes, 16 << 20)
        XCTAssertEqual(vm.verifyHeap(), [])
    }

    /// Coroutines yield across pcall and keep their state between resumes.
    func testCoroutineYieldAcrossPcall() throws {
        let vm = LuaVM()
        let src = """
        local co = coroutine.wrap(function()
          local ok, e = pcall(function() coroutine.yield(1); error("x") end)
          coroutine.yield(ok and "no" or "caught")
          return "end"
        end)
        return co(), co(), co()
        """
        let r = try vm.run(Array(src.utf8), chunkName: "=co")
        XCTAssertEqual(try r.map { try vm.tostring($0) }, ["1", "caught", "end"])
    }
}
