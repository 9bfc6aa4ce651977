-- A call taken in: the callee's body (integer then float arithmetic) computed in the loop, behind
-- a guard of the callee's identity. Its parameter i, of unknown type, is guarded as an integer (the
-- callee's feedback) with an exit to the CALL; j is the loop's integer. The call's limit check is
-- the loop header's (nothing between them can post a request). The second call has no profiled
-- callee and stays a call.
-- feedback: 9=function 10=float 14=function 15=float
-- callee: 9=2
-- callee-feedback: 1=int
local function row(i, n, g)
  local s = 0.0
  for j = 1, n do s = s + entry(i, j) end
  return s + g(s)
end
local function entry(i, j)
  local ij = i + j - 1
  return 1.0 / (ij * (ij - 1) * 0.5 + i)
end
