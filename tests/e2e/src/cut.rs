//! A TCP forwarder that can be cut and restored, to take the broker away from the services
//! (a network partition) while the broker itself keeps running.

use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Mutex;
use tokio_util::sync::CancellationToken;

pub struct Cut {
    pub listen: SocketAddr,
    target: SocketAddr,
    current: Arc<Mutex<Option<CancellationToken>>>,
}

impl Cut {
    /// Forward `listen` → `target`, starting connected.
    pub async fn new(listen: SocketAddr, target: SocketAddr) -> anyhow::Result<Self> {
        let cut = Self {
            listen,
            target,
            current: Arc::new(Mutex::new(None)),
        };
        cut.restore().await?;
        Ok(cut)
    }

    /// Close the listener and every forwarded connection.
    pub async fn sever(&self) {
        if let Some(token) = self.current.lock().await.take() {
            token.cancel();
        }
        // Let the tasks drop their sockets.
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }

    /// Listen again and forward new connections.
    pub async fn restore(&self) -> anyhow::Result<()> {
        let listener = TcpListener::bind(self.listen).await?;
        let token = CancellationToken::new();
        *self.current.lock().await = Some(token.clone());
        let target = self.target;
        tokio::spawn(async move {
            loop {
                let accepted = tokio::select! {
                    _ = token.cancelled() => break,
                    a = listener.accept() => a,
                };
                let Ok((mut inbound, _)) = accepted else {
                    continue;
                };
                let token = token.clone();
                tokio::spawn(async move {
                    let Ok(mut outbound) = TcpStream::connect(target).await else {
                        return;
                    };
                    tokio::select! {
                        _ = token.cancelled() => {},
                        _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {},
                    }
                });
            }
        });
        Ok(())
    }
}
