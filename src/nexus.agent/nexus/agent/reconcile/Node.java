package nexus.agent.reconcile;

import nexus.agent.driver.Driver;
import nexus.agent.network.NodeNetwork;
import nexus.agent.provision.Cloner;
import nexus.agent.provision.Provisioner;
import nexus.agent.provision.WorkspaceConfigs;

/** What every workspace worker of a node shares. */
record Node(Driver driver, NodeNetwork network, Provisioner provisioner, Cloner cloner, WorkspaceConfigs configs,
            RecordStore store) {}
