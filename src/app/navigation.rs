//! Back and forward through the records the user opened, like a browser.

use uuid::Uuid;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Navigation {
    trail: Vec<Uuid>,
    position: usize,
}

impl Navigation {
    /// Records a newly opened record, dropping any forward trail.
    pub fn visit(&mut self, uuid: Uuid) {
        if self.current() == Some(uuid) {
            return;
        }
        if !self.trail.is_empty() {
            self.trail.truncate(self.position + 1);
        }
        self.trail.push(uuid);
        self.position = self.trail.len() - 1;
    }

    pub fn current(&self) -> Option<Uuid> {
        self.trail.get(self.position).copied()
    }

    pub fn back(&mut self) -> Option<Uuid> {
        if self.position == 0 {
            return None;
        }
        self.position -= 1;
        self.current()
    }

    pub fn forward(&mut self) -> Option<Uuid> {
        if self.position + 1 >= self.trail.len() {
            return None;
        }
        self.position += 1;
        self.current()
    }

    pub fn can_go_back(&self) -> bool {
        self.position > 0
    }

    pub fn can_go_forward(&self) -> bool {
        self.position + 1 < self.trail.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_and_forward() {
        let (a, b, c) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
        let mut n = Navigation::default();
        n.visit(a);
        n.visit(b);
        assert_eq!(n.back(), Some(a));
        assert_eq!(n.forward(), Some(b));
        assert_eq!(n.back(), Some(a));
        n.visit(c);
        assert!(!n.can_go_forward());
        assert_eq!(n.back(), Some(a));
    }
}
