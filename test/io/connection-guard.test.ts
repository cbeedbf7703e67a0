// The connection guard shared by `serve` and `listen`: which connection makes room at the caps.
import { test } from "node:test";
import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import type net from "node:net";
import { addressGroup, ConnectionGuard } from "../../src/io/connection-guard.js";

class FakeSocket extends EventEmitter {
  destroyed = false;
  constructor(
    readonly remoteAddress: string,
    readonly remotePort: number,
  ) {
    super();
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit("close");
  }
}

function setup(maxConnections: number, maxPerAddress: number) {
  let clock = 0;
  const guard = new ConnectionGuard({ maxConnections, maxPerAddress, now: () => clock });
  let port = 40000;
  const handles = new Map<FakeSocket, ReturnType<ConnectionGuard["admit"]>>();
  const open = (address: string): FakeSocket => {
    clock++;
    const socket = new FakeSocket(address, port++);
    handles.set(socket, guard.admit(socket as unknown as net.Socket));
    return socket;
  };
  const touch = (socket: FakeSocket): void => {
    clock++;
    handles.get(socket)?.touch();
  };
  const vouch = (socket: FakeSocket): void => handles.get(socket)?.vouch();
  return { guard, open, touch, vouch, tick: () => clock++ };
}

test("connection guard: at the global cap, the idlest connection of the address holding the most goes, not the idlest overall", () => {
  const { guard, open } = setup(4, 3);
  const legit = open("192.0.2.1"); // the idlest of all: connected first, quiet since
  const flood = [open("198.51.100.7"), open("198.51.100.7"), open("198.51.100.7")];
  const newcomer = open("203.0.113.9");
  assert.equal(legit.destroyed, false, "a sender with one connection keeps it");
  assert.deepEqual(
    flood.map((s) => s.destroyed),
    [true, false, false],
    "the flood's idlest made room",
  );
  assert.equal(newcomer.destroyed, false);
  assert.equal(guard.size, 4);
  assert.deepEqual(guard.stats(), { evicted: 1, refused: 0 });
});

test("connection guard: activity keeps a connection; at the per-address cap the address's own idlest goes", () => {
  const { guard, open, touch, tick } = setup(10, 3);
  const sockets = [open("192.0.2.1"), open("192.0.2.1"), open("192.0.2.1")];
  // The first one speaks, the second ends a request: the third is now the idlest of the address.
  touch(sockets[0]!);
  const requestDone = guard.requestStarted(sockets[1]!);
  tick();
  requestDone();
  const fourth = open("192.0.2.1");
  assert.deepEqual(
    sockets.map((s) => s.destroyed),
    [false, false, true],
  );
  assert.equal(fourth.destroyed, false);
  assert.equal(guard.stats().evicted, 1);
});

test("connection guard: a connection busy with a request is never evicted; with every slot busy the newcomer is refused", () => {
  const { guard, open } = setup(3, 2);
  const a = [open("192.0.2.1"), open("192.0.2.1")];
  const b = open("192.0.2.2");
  const done = a.map((s) => guard.requestStarted(s));
  // The largest address is all busy: room is made at the next one that has an idle connection.
  const c = open("192.0.2.3");
  assert.deepEqual([...a.map((s) => s.destroyed), b.destroyed, c.destroyed], [false, false, true, false]);
  guard.requestStarted(c);
  const refused = open("192.0.2.4");
  assert.equal(refused.destroyed, true);
  assert.deepEqual(guard.stats(), { evicted: 1, refused: 1 });
  // Once a request ends its connection is evictable again.
  done[0]!();
  const d = open("192.0.2.5");
  assert.equal(a[0]!.destroyed, true);
  assert.equal(d.destroyed, false);
  assert.equal(guard.size, 3);
});

test("connection guard: a closed connection frees its slot and its address's count", () => {
  const { guard, open } = setup(2, 1);
  const a = open("192.0.2.1");
  a.destroy();
  assert.equal(guard.size, 0);
  const again = open("192.0.2.1");
  const other = open("192.0.2.2");
  assert.equal(again.destroyed || other.destroyed, false);
  assert.deepEqual(guard.stats(), { evicted: 0, refused: 0 });
});

test("connection guard: a connection that sent a whole message goes after every one that never did, however idle", () => {
  const { guard, open, vouch } = setup(4, 4);
  const sender = open("192.0.2.1");
  vouch(sender); // it spoke, then went quiet: the idlest of all
  const silent = [open("192.0.2.1"), open("192.0.2.1"), open("192.0.2.1")];
  open("192.0.2.1");
  assert.equal(sender.destroyed, false);
  assert.deepEqual(
    silent.map((s) => s.destroyed),
    [true, false, false],
  );
  assert.equal(guard.stats().evicted, 1);
});

test("connection guard: one IPv6 /64 counts as one address, IPv4-mapped addresses as their IPv4 address", () => {
  assert.equal(addressGroup("203.0.113.7"), "203.0.113.7");
  assert.equal(addressGroup("::ffff:203.0.113.7"), "203.0.113.7");
  assert.equal(addressGroup("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::/64");
  assert.equal(addressGroup("2001:DB8:1:2::1"), "2001:db8:1:2::/64");
  assert.equal(addressGroup("2001:db8::1"), "2001:db8:0:0::/64");
  assert.equal(addressGroup("::1"), "0:0:0:0::/64");
  assert.equal(addressGroup("fe80::1%eth0"), "fe80:0:0:0::/64");
  assert.equal(addressGroup("2001:0db8:0001:0002::"), "2001:db8:1:2::/64");
  // A flood from one /64, each connection from its own address: capped like one host.
  const { guard, open } = setup(100, 2);
  const flood = ["2001:db8:1:2::a", "2001:db8:1:2::b", "2001:db8:1:2::c"].map(open);
  const other = open("2001:db8:1:3::a");
  assert.deepEqual([...flood.map((s) => s.destroyed), other.destroyed], [true, false, false, false]);
  assert.equal(guard.stats().evicted, 1);
});
