// What a system is configured with, the devices it is wired to, and what it reports: the ports of
// `MirroredSystem`, apart so that the component file holds only its behaviour.

import type { MirrorConfig } from '../geomirror/mirror-source.js';
import type { MirrorObserver } from '../geomirror/mirror-observer.js';
import type { MirrorPolicy } from '../geomirror/mirror-policy.js';
import type { BlockDevice } from '../ports/block-device.js';
import type { AddressPolicy } from '../sls/address-policy.js';
import type { SingleLevelStore } from '../sls/single-level-store.js';
import type { SlsObserver } from '../sls/sls-observer.js';
import type { SystemRole } from './role-record.js';

export type CopyInUse = 'mirrored' | 'mirrorCopy' | 'storageCopy';

export interface SystemConfig {
  readonly name: string;
  readonly systemNumber: 1 | 2;
  readonly dataPageCount: number;
  /** The role of a system whose SYSASP holds no role record yet (a fresh configuration). */
  readonly initialRole: SystemRole;
  readonly mirror: MirrorConfig;
  readonly mirrorPolicy: MirrorPolicy;
  readonly addressPolicy: AddressPolicy;
  /** How long a switchover waits, once production is varied off, before it checks the copies are in step. */
  readonly switchoverWaitUs: number;
}

/** The devices of this system; the paths into the mirror copy may be decorated by whoever wires them. */
export interface SystemDevices {
  readonly sysasp: BlockDevice;
  /** This system's geographic-mirror copy now (a replaced disk is a new device). */
  mirrorCopy(): BlockDevice;
  storageCopy(): { readonly device: BlockDevice; readonly isNew: boolean } | undefined;
  storageCopyUsed(): void;
  replicationPath(device: BlockDevice): BlockDevice;
  applicationPath(device: BlockDevice): BlockDevice;
}

/** What the system tells its surroundings (the applications, the operator's console); nothing flows back. */
export interface SystemObserver extends SlsObserver, MirrorObserver {
  systemUp(system: string): void;
  variedOn(system: string, copy: CopyInUse, sls: SingleLevelStore): void;
  /** A vary-off starts: the applications stop now (the vary-off completes once their operations have). */
  varyingOff(system: string, copy: CopyInUse): void;
  varyOnFailed(system: string, copy: CopyInUse): void;
  refused(system: string, action: string, reason: string): void;
  roleChanged(system: string, role: SystemRole, how: string, forced: boolean): void;
  rangeAssignedAtDetach(range: number): void;
}
