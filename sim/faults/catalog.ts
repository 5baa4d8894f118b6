// The product's action catalog: every action a shipped scenario may schedule or draw at random.

import type { ActionCatalog } from './action-kind.js';
import { builtInActions } from './built-in-actions.js';
import { geoActions } from './geo-actions.js';
import { storageActions } from './storage-actions.js';

export const productCatalog: ActionCatalog = { ...builtInActions, ...storageActions, ...geoActions };
